import { MINUTE_MS } from '../domain/time/durations.ts';
import type { BusyCalendarService } from './busy-calendar.service.ts';
import type { Logger } from './logger.ts';

/**
 * The background fetching of busy calendars in a server process: a round right after start and
 * then every minute, each round taking the calendars that are due (`RECURRA_BUSY_REFRESH_MINUTES`
 * after their last fetch). A round never overlaps the previous one; several processes may run
 * one each (a calendar is claimed by one of them per fetch).
 *
 * @example const refresher = new BusyRefresher(ctx.busyCalendars, app.log); refresher.start(); … await refresher.stop();
 */
export class BusyRefresher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(
    private readonly busy: BusyCalendarService,
    private readonly log: Logger,
    private readonly everyMs = MINUTE_MS,
  ) {}

  start(): void {
    setImmediate(() => void this.round());
    this.timer = setInterval(() => void this.round(), this.everyMs);
    this.timer.unref();
  }

  /** Runs one round now, unless one is running (then waits for that one). Never rejects. */
  round(): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    this.running ??= this.busy
      .refreshDue(this.log, this.stopping.signal)
      .then((done) => {
        if (done.length === 0) return;
        const count = (r: string) => done.filter((d) => d.result === r).length;
        this.log.info(
          {
            ok: count('ok'),
            not_modified: count('not_modified'),
            error: count('error'),
            skipped: count('skipped'),
          },
          'busy calendars refreshed',
        );
      })
      .catch((err: unknown) => this.log.warn({ err }, 'busy calendar refresh failed'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** No new round or fetch starts; resolves when the fetch in flight (at most 10 s) is done. */
  async stop(): Promise<void> {
    this.stopping.abort();
    clearInterval(this.timer);
    await this.running;
  }
}
