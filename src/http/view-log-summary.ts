import type { Logger } from '../services/logger.ts';

/** Most durations kept per period; beyond it a random sample (the median stays representative). */
const MAX_SAMPLES = 10_000;

/**
 * One info line per period about calendar views, instead of one line per view (each view logs at
 * debug): how many, how many were 304s, and the median and p95 duration. Under load a line per
 * view cost more than serving a cached view; this costs a push per view.
 *
 * @example summary.record(200, 0.8); summary.flush() // info { views: 1, not_modified: 0, p50_ms: 0.8, p95_ms: 0.8 } 'calendar views'
 */
export class ViewLogSummary {
  private durations: number[] = [];
  private views = 0;
  private notModified = 0;

  constructor(private readonly log: Pick<Logger, 'info'>) {}

  /** One answered view: its status and its duration in ms. */
  record(status: number, ms: number): void {
    this.views++;
    if (status === 304) this.notModified++;
    if (this.durations.length < MAX_SAMPLES) this.durations.push(ms);
    else {
      const slot = Math.floor(Math.random() * this.views);
      if (slot < MAX_SAMPLES) this.durations[slot] = ms;
    }
  }

  /** Logs the period's line (nothing when no view was answered) and starts a new period. */
  flush(): void {
    if (this.views === 0) return;
    const sorted = this.durations.sort((a, b) => a - b);
    const at = (q: number) =>
      Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 100) /
      100;
    this.log.info(
      { views: this.views, not_modified: this.notModified, p50_ms: at(0.5), p95_ms: at(0.95) },
      'calendar views',
    );
    this.durations = [];
    this.views = 0;
    this.notModified = 0;
  }

  /** Flushes every `seconds` until the returned function is called (the timer never holds the process open). */
  every(seconds: number): () => void {
    const timer = setInterval(() => this.flush(), seconds * 1000);
    timer.unref();
    return () => {
      clearInterval(timer);
      this.flush();
    };
  }
}
