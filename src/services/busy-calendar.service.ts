import type { Clock } from '../domain/clock.ts';
import { BusyCalendarError, expandBusyCalendar } from '../domain/busy-time/expand-busy-calendar.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { DAY_MS, MINUTE_MS } from '../domain/time/durations.ts';
import type { BusyCalendar } from '../storage/busy-time.repository.ts';
import { inTransaction, type Repositories } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';
import { errorStatus, fetchBusyFeed } from './busy-feed-fetch.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { TargetGuard } from './outbound/target-guard.ts';

/** How one refresh ended; `skipped`: another process holds the calendar's claim. */
export type BusyFetchResult = 'ok' | 'not_modified' | 'error';

export interface BusyRefresh {
  /** The calendar as recorded after the refresh (as seen, when skipped). */
  readonly calendar: BusyCalendar;
  readonly result: BusyFetchResult | 'skipped';
}

/** The window of busy time kept: `[now − 1 day, now + 400 days)` (the contract's). */
export const BUSY_WINDOW_BEFORE_MS = DAY_MS;
export const BUSY_WINDOW_AFTER_MS = 400 * DAY_MS;
/** Most busy intervals one calendar may yield in the window (a runaway rule is an error). */
export const MAX_BUSY_INTERVALS = 50_000;
/** Longest a claim holds a calendar: a process that dies mid-fetch frees it after this. */
export const BUSY_CLAIM_MS = 2 * MINUTE_MS;
/** Calendars fetched at the same time by one process. */
const PARALLEL_FETCHES = 4;
/** Calendars one background round takes at most (the rest wait for the next round). */
const DUE_PER_ROUND = 200;

/**
 * A specialist's external calendars (an iCalendar URL each) and the busy time fetched from them.
 * Requests only read and write the calendar rows; fetching happens in `refresh`, called by the
 * background refresher and the CLI, never on a request path. A good fetch replaces the
 * calendar's busy intervals in one transaction that holds the specialist's lock (so slots never
 * see half a calendar, and every slots ETag changes); anything else keeps the last good
 * intervals and says why in `last_status`.
 */
export class BusyCalendarService {
  constructor(
    private readonly storage: Storage,
    private readonly repos: Repositories,
    private readonly guard: TargetGuard,
    private readonly clock: Clock,
    private readonly refreshMinutes: number,
    private readonly countFetch: (result: BusyFetchResult) => void = () => undefined,
  ) {}

  /**
   * Registers a calendar; the refresher takes it at once (`next_fetch_at` = now).
   *
   * @example await busy.create(7, { url: 'https://calendar.example.org/me.ics', name: 'Work' })
   */
  async create(specialistId: number, input: { url: string; name: string }): Promise<BusyCalendar> {
    const name = input.name.trim();
    if (name.length === 0 || name.length > 200)
      throw invalid('name must be 1 to 200 characters', { field: 'name' });
    if (!(await this.repos.specialists.findById(specialistId)))
      throw notFound('specialist', specialistId);
    const url = await this.guard.check(input.url.trim(), 'url');
    return inTransaction(this.storage, async (repos) => {
      if (!(await repos.specialists.lockForWrite(specialistId)))
        throw notFound('specialist', specialistId);
      return repos.busyTime.insertCalendar({
        specialistId,
        url: url.href,
        name,
        nowMs: this.clock.now(),
      });
    });
  }

  async list(specialistId: number): Promise<BusyCalendar[]> {
    if (!(await this.repos.specialists.findById(specialistId)))
      throw notFound('specialist', specialistId);
    return this.repos.busyTime.listCalendars(specialistId);
  }

  async get(specialistId: number, id: number): Promise<BusyCalendar> {
    const found = await this.repos.busyTime.findCalendar(specialistId, id);
    if (!found) throw notFound('busy calendar', id);
    return found;
  }

  /** Deletes a calendar and its busy intervals, under the specialist's lock (new ETags). */
  async remove(specialistId: number, id: number): Promise<void> {
    await inTransaction(this.storage, async (repos) => {
      if (!(await repos.specialists.lockForWrite(specialistId)))
        throw notFound('specialist', specialistId);
      if (!(await repos.busyTime.findCalendar(specialistId, id)))
        throw notFound('busy calendar', id);
      await repos.busyTime.deleteCalendar(id);
    });
  }

  /**
   * Fetches one calendar now, whatever its `next_fetch_at` says, if no other process is fetching
   * it (the claim moves `next_fetch_at` on only if it still is what `calendar` saw).
   */
  async refresh(calendar: BusyCalendar, log: Logger = silentLogger): Promise<BusyRefresh> {
    const claimedAt = this.clock.now();
    if (
      !(await this.repos.busyTime.claim(
        calendar.id,
        calendar.nextFetchAt,
        claimedAt + BUSY_CLAIM_MS,
      ))
    )
      return { calendar, result: 'skipped' };
    let result: BusyFetchResult;
    try {
      result = await this.fetchAndStore(calendar);
    } catch (err) {
      // The database failed us mid-way: the claim lapses after BUSY_CLAIM_MS and a later round
      // tries again; the last good busy time is untouched (its transaction rolled back).
      log.warn({ err, busy_calendar_id: calendar.id }, 'busy calendar refresh failed');
      this.countFetch('error');
      return { calendar, result: 'error' };
    }
    this.countFetch(result);
    const after =
      (await this.repos.busyTime.findCalendar(calendar.specialistId, calendar.id)) ?? calendar;
    if (result === 'error')
      log.warn(
        {
          busy_calendar_id: calendar.id,
          specialist_id: calendar.specialistId,
          status: after.lastStatus,
        },
        'busy calendar fetch failed; its last good busy time is kept',
      );
    return { calendar: after, result };
  }

  /**
   * One background round: the calendars due now, a few at a time, each taken by one process.
   * Once `signal` is aborted (shutdown), no further calendar is started.
   */
  async refreshDue(log: Logger = silentLogger, signal?: AbortSignal): Promise<BusyRefresh[]> {
    const due = await this.repos.busyTime.dueCalendars(this.clock.now(), DUE_PER_ROUND);
    return this.refreshEach(due, log, signal);
  }

  /** `recurra busy refresh`: every calendar (of one specialist, when given), fetched now. */
  async refreshAll(specialistId?: number, log: Logger = silentLogger): Promise<BusyRefresh[]> {
    if (specialistId !== undefined && !(await this.repos.specialists.findById(specialistId)))
      throw notFound('specialist', specialistId);
    return this.refreshEach(await this.repos.busyTime.listCalendars(specialistId), log);
  }

  private async refreshEach(
    calendars: readonly BusyCalendar[],
    log: Logger,
    signal?: AbortSignal,
  ): Promise<BusyRefresh[]> {
    const out: BusyRefresh[] = [];
    let next = 0;
    const worker = async () => {
      for (let c = calendars[next++]; c && !signal?.aborted; c = calendars[next++])
        out.push(await this.refresh(c, log));
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_FETCHES, calendars.length) }, worker));
    // In the order asked for (workers finish in any order).
    const order = new Map(calendars.map((c, i) => [c.id, i]));
    return out.sort((a, b) => (order.get(a.calendar.id) ?? 0) - (order.get(b.calendar.id) ?? 0));
  }

  private async fetchAndStore(calendar: BusyCalendar): Promise<BusyFetchResult> {
    const feed = await fetchBusyFeed(calendar.url, calendar, this.guard);
    const now = this.clock.now();
    const nextFetchAt = now + this.refreshMinutes * MINUTE_MS;
    if (feed.kind === 'failed') {
      await this.repos.busyTime.recordFetch(calendar.id, {
        fetchedAt: now,
        status: feed.status,
        nextFetchAt,
      });
      return 'error';
    }
    if (feed.kind === 'not_modified') {
      await this.repos.busyTime.recordFetch(calendar.id, {
        etag: feed.etag,
        fetchedAt: now,
        status: 'not modified',
        nextFetchAt,
      });
      return 'not_modified';
    }
    let busy;
    try {
      busy = expandBusyCalendar(
        feed.text,
        { fromMs: now - BUSY_WINDOW_BEFORE_MS, toMs: now + BUSY_WINDOW_AFTER_MS },
        { maxIntervals: MAX_BUSY_INTERVALS },
      );
    } catch (err) {
      // Anything else the parser throws is still this feed's fault, not a reason to retry it
      // every round: recorded like a malformed calendar.
      const reason =
        err instanceof BusyCalendarError
          ? err.message
          : `could not read the calendar (${err instanceof Error ? err.message : String(err)})`;
      await this.repos.busyTime.recordFetch(calendar.id, {
        fetchedAt: now,
        status: errorStatus(reason),
        nextFetchAt,
      });
      return 'error';
    }
    await inTransaction(this.storage, async (repos) => {
      if (!(await repos.specialists.lockForWrite(calendar.specialistId))) return;
      // Deleted while we fetched: nothing to keep (the delete held the same lock).
      if (!(await repos.busyTime.findCalendar(calendar.specialistId, calendar.id))) return;
      await repos.busyTime.replaceIntervals(
        calendar,
        busy.intervals,
        this.storage.capabilities.maxRowsPerStatement,
      );
      await repos.busyTime.recordFetch(calendar.id, {
        etag: feed.etag,
        lastModified: feed.lastModified,
        fetchedAt: now,
        status: okStatus(busy.warnings),
        events: busy.events,
        nextFetchAt,
      });
    });
    return 'ok';
  }
}

/**
 * `ok`, or `ok (3 warnings, e.g. …)` when events were skipped or read leniently.
 *
 * @example okStatus(['event "x": unknown TZID "Mars"']) // 'ok (1 warning: event "x": unknown TZID "Mars")'
 */
export function okStatus(warnings: readonly string[]): string {
  const first = warnings[0];
  if (first === undefined) return 'ok';
  // The expansion keeps 25 warnings and sums up the rest in a last "… and N more warnings".
  const more = /^… and (\d+) more warnings$/.exec(warnings.at(-1) ?? '');
  const count = more ? warnings.length - 1 + Number(more[1]) : warnings.length;
  const text = count === 1 ? `ok (1 warning: ${first})` : `ok (${count} warnings, e.g. ${first})`;
  return text.length > 300 ? `${text.slice(0, 298)}…)` : text;
}
