import ICAL from 'ical.js';
import { expect } from 'vitest';
import { instancesPath } from '../support/fixtures.ts';
import type { TestServer } from '../support/test-server.ts';

/** One occurrence as both sides describe it: exact instants and the title shown. */
export interface FeedOccurrence {
  readonly startMs: number;
  readonly endMs: number;
  readonly title: string;
}

/** Parses a feed and registers its VTIMEZONEs with ical.js (replacing ical.js's built-in ones). */
export function parseFeed(text: string): ICAL.Component {
  const cal = new ICAL.Component(ICAL.parse(text) as unknown[]);
  ICAL.TimezoneService.reset();
  for (const vtz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtz);
  return cal;
}

/**
 * Expands a parsed feed with ical.js alone: each master with its RECURRENCE-ID exceptions (its
 * own UID's only), iterated until the original start passes `toMs` plus a margin for moved
 * occurrences; keeps the occurrences overlapping `[fromMs, toMs)`, sorted by start.
 */
export function expandFeed(cal: ICAL.Component, fromMs: number, toMs: number): FeedOccurrence[] {
  const vevents = cal.getAllSubcomponents('vevent');
  const masters = vevents.filter((v) => !v.hasProperty('recurrence-id'));
  const out: FeedOccurrence[] = [];
  const margin = 31 * 86_400_000;
  for (const master of masters) {
    // ical.js relates every RECURRENCE-ID event of the calendar to every master unless it is
    // given the exceptions itself: only those of the master's UID belong to it (RFC 5545 §3.8.4.4).
    const uid = master.getFirstPropertyValue('uid');
    const event = new ICAL.Event(master, {
      strictExceptions: true,
      exceptions: vevents.filter(
        (v) => v.hasProperty('recurrence-id') && v.getFirstPropertyValue('uid') === uid,
      ),
    });
    const push = (start: ICAL.Time, end: ICAL.Time, title: string) => {
      const startMs = start.toUnixTime() * 1000;
      const endMs = end.toUnixTime() * 1000;
      if (startMs < toMs && endMs > fromMs) out.push({ startMs, endMs, title });
    };
    if (!event.isRecurring()) {
      push(event.startDate, event.endDate, event.summary);
      continue;
    }
    const it = event.iterator();
    for (let next = it.next(); next; next = it.next()) {
      if (next.toUnixTime() * 1000 > toMs + margin) break;
      const d = event.getOccurrenceDetails(next);
      push(d.startDate, d.endDate, d.item.summary);
    }
  }
  return out.sort((a, b) => a.startMs - b.startMs || a.title.localeCompare(b.title));
}

/** The occurrences `calendar-instances` returns for a window, in the feed's comparable shape. */
export async function viewOccurrences(
  server: TestServer,
  specialistId: number,
  start: string,
  end: string,
): Promise<FeedOccurrence[]> {
  const res = await server.request('GET', instancesPath(specialistId, start, end));
  expect(res.status).toBe(200);
  return (res.body.instances as Array<Record<string, string>>)
    .map((i) => ({
      startMs: Date.parse(i.start_datetime as string),
      endMs: Date.parse(i.end_datetime as string),
      title: i.title as string,
    }))
    .sort((a, b) => a.startMs - b.startMs || a.title.localeCompare(b.title));
}
