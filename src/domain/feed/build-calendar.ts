import ICAL from 'ical.js';
import { formatRule } from '../recurrence/format-rule.ts';
import { parseRule } from '../recurrence/parse-rule.ts';
import { Recurrence } from '../recurrence/recurrence.ts';
import {
  epochMsToLocal,
  localOfWall,
  localToEpochMs,
  type LocalDateTime,
} from '../time/date-time.ts';
import type { FeedInput, FeedOverride, FeedSchedule } from './feed-input.ts';
import { buildVTimezone } from './vtimezone.ts';

export const PRODID = '-//Recurra//Recurra availability feed//EN';
const UID_DOMAIN = 'recurra';
/** ical.js's TEXT encoder (RFC 5545 §3.3.11 escaping), untyped in its declarations. */
const TEXT_VALUE = (
  ICAL.design as unknown as { icalendar: { value: { text: { toICAL(v: string): string } } } }
).icalendar.value.text;

export function utc(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19) + 'Z';
}

/**
 * A DATE-TIME property at an instant: local wall time with TZID, or UTC where the wall time would
 * name another instant (the later half of an autumn fold), so every value is exact.
 */
export function atInstant(name: string, epochMs: number, timeZone: string): ICAL.Property {
  const local = epochMsToLocal(epochMs, timeZone);
  return localToEpochMs(local, timeZone) === epochMs
    ? new ICAL.Property([name, { tzid: timeZone }, 'date-time', local])
    : new ICAL.Property([name, {}, 'date-time', utc(epochMs)]);
}

export function text(name: string, value: string): ICAL.Property {
  const p = new ICAL.Property(name);
  p.setValue(value);
  return p;
}

/**
 * An X- property holding TEXT. ical.js types unknown properties as raw values, and writing them as
 * 'text' would add `;VALUE=TEXT`: so the value is escaped with ical.js's own TEXT encoder instead.
 */
export function extensionText(name: string, value: string): ICAL.Property {
  return new ICAL.Property([name, {}, 'unknown', TEXT_VALUE.toICAL(value)]);
}

function baseEvent(uid: string, s: FeedSchedule): ICAL.Component {
  const e = new ICAL.Component('vevent');
  e.addProperty(text('uid', uid));
  e.addProperty(new ICAL.Property(['dtstamp', {}, 'date-time', utc(s.stampMs)]));
  e.addPropertyWithValue('sequence', s.sequence);
  return e;
}

function timedEvent(
  uid: string,
  s: FeedSchedule,
  startMs: number,
  endMs: number,
  title: string,
): ICAL.Component {
  const e = baseEvent(uid, s);
  e.addProperty(atInstant('dtstart', startMs, s.timeZone));
  e.addProperty(atInstant('dtend', endMs, s.timeZone));
  e.addProperty(text('summary', title));
  return e;
}

function compileRecurrence(s: FeedSchedule): Recurrence {
  return new Recurrence({
    rule: s.rule === null ? null : parseRule(s.rule),
    dtstart: s.dtstart,
    timeZone: s.timeZone,
    durationMs: s.durationMs,
  });
}

/**
 * The VEVENTs of one schedule. Recurring: the master (RRULE, EXDATE for exdates and cancelled
 * occurrences), then one RECURRENCE-ID override per moved occurrence. An override whose original
 * start the series no longer produces (the template changed since) cannot be attached to the
 * series: it is published as an event of its own, so it shows exactly as `calendar-instances` does.
 * One-off: a plain VEVENT carrying its edit, if any; nothing if cancelled.
 */
function scheduleEvents(s: FeedSchedule): ICAL.Component[] {
  const uid = `${s.recurringEventId}@${UID_DOMAIN}`;
  const recurrence = compileRecurrence(s);
  const startMs = localToEpochMs(s.dtstart, s.timeZone);
  const excluded = new Set(s.exdates.map((e) => localToEpochMs(e, s.timeZone)));
  const isOccurrence = (t: number) => recurrence.at(t) !== null;
  const overrides = [...s.overrides].sort(
    (a, b) => a.originalStartMs - b.originalStartMs || a.instanceId - b.instanceId,
  );
  const moved = overrides.filter((o) => !o.cancelled);
  const own = (o: FeedOverride) =>
    timedEvent(
      `${s.recurringEventId}-${o.instanceId}@${UID_DOMAIN}`,
      s,
      o.startMs,
      o.endMs,
      o.title ?? s.title,
    );

  if (s.rule === null) {
    if (excluded.has(startMs) || overrides.some((o) => o.cancelled)) {
      return moved.filter((o) => o.originalStartMs !== startMs).map(own);
    }
    const edit = moved.find((o) => o.originalStartMs === startMs);
    return [
      edit
        ? timedEvent(uid, s, edit.startMs, edit.endMs, edit.title ?? s.title)
        : timedEvent(uid, s, startMs, startMs + s.durationMs, s.title),
      ...moved.filter((o) => o !== edit).map(own),
    ];
  }

  // RFC 5545 leaves a DTSTART the rule does not generate undefined, and clients differ (ical.js
  // drops it, the contract counts it): such a DTSTART is published as an event of its own, and
  // the master starts at the rule's first occurrence with one COUNT less, so every client
  // expands the same set.
  const events: ICAL.Component[] = [];
  let masterStartMs = startMs;
  let masterDtstart = s.dtstart;
  let rule = s.rule;
  let attached = overrides;
  if (recurrence.startsOffRule) {
    const first = overrides.filter((o) => o.originalStartMs === startMs);
    attached = overrides.filter((o) => o.originalStartMs !== startMs);
    const edit = first.find((o) => !o.cancelled);
    const firstUid = `${s.recurringEventId}-first@${UID_DOMAIN}`;
    if (edit) events.push(timedEvent(firstUid, s, edit.startMs, edit.endMs, edit.title ?? s.title));
    else if (!excluded.has(startMs) && first.length === 0)
      events.push(timedEvent(firstUid, s, startMs, startMs + s.durationMs, s.title));
    const next = recurrence.firstAtOrAfter(startMs + 1);
    if (!next) return [...events, ...attached.filter((o) => !o.cancelled).map(own)];
    masterStartMs = next.startMs;
    masterDtstart = localOfWall(next.wallMs);
    const parsed = parseRule(s.rule);
    if (parsed.count !== undefined)
      rule = formatRule({ ...parsed, count: parsed.count - 1 }, s.timeZone);
  }

  const master = baseEvent(uid, s);
  master.addProperty(
    new ICAL.Property(['dtstart', { tzid: s.timeZone }, 'date-time', masterDtstart]),
  );
  master.addProperty(atInstant('dtend', masterStartMs + s.durationMs, s.timeZone));
  const rrule = new ICAL.Property('rrule');
  rrule.setValue(ICAL.Recur.fromString(rule));
  master.addProperty(rrule);
  const exdates = new Set<LocalDateTime>(
    s.exdates.filter((e) => localToEpochMs(e, s.timeZone) !== startMs || !recurrence.startsOffRule),
  );
  for (const o of attached) {
    if (o.cancelled) exdates.add(epochMsToLocal(o.originalStartMs, s.timeZone));
  }
  // An edited occurrence replaces its slot (RECURRENCE-ID): an EXDATE there would hide it.
  for (const o of attached)
    if (!o.cancelled) exdates.delete(epochMsToLocal(o.originalStartMs, s.timeZone));
  if (exdates.size > 0) {
    master.addProperty(
      new ICAL.Property(['exdate', { tzid: s.timeZone }, 'date-time', ...[...exdates].sort()]),
    );
  }
  master.addProperty(text('summary', s.title));

  events.unshift(master);
  const detached: ICAL.Component[] = [];
  for (const o of attached) {
    if (o.cancelled) continue;
    if (!isOccurrence(o.originalStartMs)) {
      detached.push(own(o));
      continue;
    }
    const e = timedEvent(uid, s, o.startMs, o.endMs, o.title ?? s.title);
    e.addProperty(atInstant('recurrence-id', o.originalStartMs, s.timeZone));
    events.push(e);
  }
  return [...events, ...detached];
}

function yearOf(local: LocalDateTime): number {
  return Number(local.slice(0, 4));
}

/** The years the VTIMEZONEs must cover: from a year before the earliest event to `coverUntilYear`. */
function coveredYears(input: FeedInput): { from: number; to: number } {
  const years = input.schedules.flatMap((s) => [
    yearOf(s.dtstart),
    ...s.overrides
      .filter((o) => !o.cancelled)
      .map((o) => yearOf(epochMsToLocal(o.startMs, s.timeZone))),
  ]);
  if (years.length === 0) return { from: input.coverUntilYear, to: input.coverUntilYear };
  return { from: Math.min(...years) - 1, to: Math.max(input.coverUntilYear, ...years) };
}

/**
 * The specialist's iCalendar feed (RFC 5545): VCALENDAR with one VTIMEZONE per zone used and the
 * VEVENTs of every schedule given, in the order given. ical.js builds the components and does the
 * TEXT escaping; lines are folded at 75 octets including the continuation's leading space. Pure:
 * the same input gives the same bytes.
 *
 * @example buildCalendar({ name: 'Dr. Rivera', timeZone: 'Europe/Berlin', schedules: [], coverUntilYear: 2036 })
 */
export function buildCalendar(input: FeedInput): string {
  const cal = new ICAL.Component('vcalendar');
  cal.addPropertyWithValue('prodid', PRODID);
  cal.addPropertyWithValue('version', '2.0');
  cal.addPropertyWithValue('calscale', 'GREGORIAN');
  cal.addProperty(extensionText('x-wr-calname', input.name));
  // No X-WR-TIMEZONE: every time here carries its TZID or is UTC, and clients that apply that
  // property (python's recurring_ical_events through x_wr_timezone) move UTC times by it.
  const { from, to } = coveredYears(input);
  const zones = [...new Set([input.timeZone, ...input.schedules.map((s) => s.timeZone)])].sort();
  for (const zone of zones) cal.addSubcomponent(buildVTimezone(zone, from, to));
  for (const s of input.schedules) {
    for (const e of scheduleEvents(s)) cal.addSubcomponent(e);
  }
  return serialize(cal);
}

/**
 * ical.js counts 75 octets of content and then prefixes the continuation with a space (76 on the
 * wire); RFC 5545 §3.1 wants at most 75 with the space, so fold one octet earlier while writing.
 */
export function serialize(cal: ICAL.Component): string {
  const saved = ICAL.foldLength;
  ICAL.foldLength = 74;
  try {
    return cal.toString() + '\r\n';
  } finally {
    ICAL.foldLength = saved;
  }
}
