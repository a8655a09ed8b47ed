import type ICAL from 'ical.js';
import { DAY_MS } from './calendar-time.ts';
import { expandRuleWalls } from './expand-rule.ts';
import { readIcalRule } from './ical-rule.ts';
import { parseUtcOffset, rawValues, readTime, readTimes } from './ical-values.ts';
import { offsetTableZone, type OffsetChange, type WallClockZone } from './wall-clock-zone.ts';

/** Most onsets one VTIMEZONE may expand to (a yearly rule from 1601 to 2100 has 500). */
const MAX_ONSETS = 20_000;

function offsetOf(observance: ICAL.Component, name: string): number | null {
  const prop = observance.getFirstProperty(name);
  return prop ? parseUtcOffset(rawValues(prop)[0]) : null;
}

/**
 * A zone from a VTIMEZONE (RFC 5545 §3.6.5): the onsets of its STANDARD and DAYLIGHT observances
 * (DTSTART, RRULE, RDATE; each a local time in TZOFFSETFROM) as a table of offset changes. Rules
 * are expanded over `[coverFromMs − 1 year, untilMs]` only: Outlook's observances start in 1601,
 * and 425 years of onsets cost more than its events (measured on the Outlook fixture's three
 * zones: 5.5 ms from 1601, 0.4 ms from a year before its first event). The
 * offset before the first onset kept is that onset's TZOFFSETFROM, so every instant from a year
 * before `coverFromMs` is placed exactly. Returns a reason instead when the definition is unusable.
 *
 * @example zoneFromVTimezone(berlinVTimezone, Date.UTC(2026, 0, 1), Date.UTC(2027, 3, 5)) // WallClockZone 'Europe/Berlin'
 */
export function zoneFromVTimezone(
  vtimezone: ICAL.Component,
  coverFromMs: number,
  untilMs: number,
): WallClockZone | string {
  const id = String(vtimezone.getFirstPropertyValue('tzid') ?? '');
  const changes: Array<OffsetChange & { readonly offsetFromMs: number }> = [];
  const observances = [
    ...vtimezone.getAllSubcomponents('standard'),
    ...vtimezone.getAllSubcomponents('daylight'),
  ];
  for (const observance of observances) {
    const start = readTime(observance, 'dtstart');
    const from = offsetOf(observance, 'tzoffsetfrom');
    const to = offsetOf(observance, 'tzoffsetto');
    if (!start || start.isDate || from === null || to === null) {
      return `VTIMEZONE ${id}: an observance lacks a DTSTART date-time, TZOFFSETFROM or TZOFFSETTO`;
    }
    const walls = [start.wallMs];
    for (const prop of observance.getAllProperties('rdate'))
      walls.push(...(readTimes(prop) ?? []).map((t) => t.wallMs));
    for (const prop of observance.getAllProperties('rrule')) {
      const rule = readIcalRule(prop.getFirstValue() as ICAL.Recur);
      if (typeof rule === 'string') return `VTIMEZONE ${id}: ${rule}`;
      const fromWall = Math.max(start.wallMs, coverFromMs - 366 * DAY_MS);
      const toWall = untilMs + from + DAY_MS;
      const found = expandRuleWalls(rule, start.wallMs, fromWall, toWall, null, MAX_ONSETS);
      if (!('walls' in found)) return `VTIMEZONE ${id}: its rule ${rule.text} cannot be expanded`;
      // UNTIL of an observance rule is UTC (RFC 5545 §3.6.5); compared as an onset instant.
      const until = rule.until;
      const untilInstant = until ? (until.utc ? until.wallMs : until.wallMs - from) : Infinity;
      walls.push(...found.walls.filter((w) => w - from <= untilInstant));
    }
    if (walls.length > MAX_ONSETS) return `VTIMEZONE ${id}: more than ${MAX_ONSETS} onsets`;
    for (const wall of walls) changes.push({ atMs: wall - from, offsetMs: to, offsetFromMs: from });
  }
  const first = changes.sort((a, b) => a.atMs - b.atMs)[0];
  if (!first) return `VTIMEZONE ${id}: no STANDARD or DAYLIGHT observance`;
  return offsetTableZone(id, first.offsetFromMs, changes);
}
