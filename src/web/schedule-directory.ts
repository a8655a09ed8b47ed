import type { Schedule } from './api-client.ts';

/**
 * A specialist's schedules by id, loaded once and again after each change: titles for conflict
 * messages, and for each block whether it is a series or a one-off event, and in which zone.
 * @example const d = new ScheduleDirectory(() => api.schedules(7).then((r) => r.schedules)); (await d.all()).get(3)?.title
 */
export class ScheduleDirectory {
  private loaded: Promise<Map<number, Schedule>> | null = null;

  constructor(private readonly load: () => Promise<readonly Schedule[]>) {}

  all(): Promise<Map<number, Schedule>> {
    this.loaded ??= this.load().then(
      (list) => new Map(list.map((s) => [s.id, s])),
      (err: unknown) => {
        this.loaded = null; // the next call tries again
        throw err;
      },
    );
    return this.loaded;
  }

  /** Titles by id; empty when the list cannot be loaded (a message falls back to ids). */
  async titles(): Promise<Map<number, string>> {
    const all = await this.all().catch(() => new Map<number, Schedule>());
    return new Map([...all].map(([id, s]) => [id, s.title]));
  }

  /** Forgets the list: the next call loads it again. */
  refresh(): void {
    this.loaded = null;
  }
}
