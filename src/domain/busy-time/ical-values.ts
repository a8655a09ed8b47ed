import type ICAL from 'ical.js';
import { parseCalendarTime, type CalendarTime } from './calendar-time.ts';

/**
 * The raw jCal values of a property (strings, or `[start, end]` pairs for PERIOD). Read raw rather
 * than through `getValues()`, whose ICAL.Time decoration looks TZIDs up in ical.js's global
 * TimezoneService; zones are resolved by this module instead, per calendar.
 */
export function rawValues(prop: ICAL.Property): unknown[] {
  return (prop.toJSON() as unknown[]).slice(3);
}

/** The TZID parameter (ical.js has removed any quotes), or null. */
export function tzidOf(prop: ICAL.Property): string | null {
  const tzid: unknown = prop.getParameter('tzid');
  const first: unknown = Array.isArray(tzid) ? tzid[0] : tzid;
  return typeof first === 'string' && first.trim() ? first.trim() : null;
}

/**
 * The DATE / DATE-TIME values of a property (DTSTART, EXDATE, RDATE…), or null if any is not a
 * real date or time.
 *
 * @example readTimes(vevent.getFirstProperty('exdate')!) // [{ wallMs, isDate: false, utc: false, tzid: 'Europe/Berlin' }, …]
 */
export function readTimes(prop: ICAL.Property): CalendarTime[] | null {
  const tzid = tzidOf(prop);
  const out: CalendarTime[] = [];
  for (const value of rawValues(prop)) {
    const time = parseCalendarTime(value, tzid);
    if (!time) return null;
    out.push(time);
  }
  return out;
}

/** The first value of a DATE / DATE-TIME property, or null if absent or unreadable. */
export function readTime(component: ICAL.Component, name: string): CalendarTime | null {
  const prop = component.getFirstProperty(name);
  return prop ? (readTimes(prop)?.[0] ?? null) : null;
}

/** A text property's value in upper case, or '' (TRANSP, STATUS, RANGE…). */
export function upperText(component: ICAL.Component, name: string): string {
  const value = component.getFirstPropertyValue(name);
  return typeof value === 'string' ? value.trim().toUpperCase() : '';
}

const UTC_OFFSET = /^([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A UTC-OFFSET value (jCal `+01:00`, `-00:30:15`) in ms, or null.
 *
 * @example parseUtcOffset('-04:00') // -14_400_000
 */
export function parseUtcOffset(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = UTC_OFFSET.exec(value);
  if (!m) return null;
  const ms = (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) * 1000;
  return ms > 24 * 3_600_000 ? null : m[1] === '-' ? -ms : ms;
}
