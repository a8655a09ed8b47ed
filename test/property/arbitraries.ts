import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';

/** Zones with the hard cases: DST both hemispheres, a 30-minute DST, a 45-minute offset, none. */
export const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'UTC',
] as const;

const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const FREQS = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;

/** A generated rule in the contract's object form, plus what its RRULE text says. */
export interface RuleCase {
  readonly object: Record<string, unknown>;
  /** The same rule as RRULE text; UNTIL as a floating local end of day (for a floating DTSTART). */
  readonly floatingText: string;
}

const uniqueSorted = <T>(arb: fc.Arbitrary<T>, max: number, selector = (v: T): unknown => v) =>
  fc.uniqueArray(arb, { minLength: 1, maxLength: max, selector });

/** A local date `YYYY-MM-DD` between 2025 and 2028. */
export const dateArb = fc
  .integer({ min: 0, max: 4 * 365 })
  .map((d) => Temporal.PlainDate.from('2025-01-01').add({ days: d }).toString());

/**
 * DTSTART as a local wall time: often on or next to a DST change of the zone at 01:30–03:30
 * (gap and fold times), otherwise anywhere in 2025–2028 on a quarter hour.
 */
export function dtstartArb(zone: string): fc.Arbitrary<string> {
  const transitions: string[] = [];
  let at: Temporal.ZonedDateTime | null = Temporal.ZonedDateTime.from(
    `2025-01-01T00:00:00[${zone}]`,
  ).getTimeZoneTransition('next');
  while (at && at.year <= 2028) {
    transitions.push(at.toPlainDate().toString());
    at = at.getTimeZoneTransition('next');
  }
  const quarter = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`);
  const nearChange =
    transitions.length === 0
      ? null
      : fc
          .tuple(
            fc.constantFrom(...transitions),
            fc.integer({ min: -3, max: 0 }),
            fc.constantFrom('01:30:00', '02:00:00', '02:15:00', '02:30:00', '03:30:00'),
          )
          .map(
            ([d, shift, t]) => `${Temporal.PlainDate.from(d).add({ days: shift }).toString()}T${t}`,
          );
  const anywhere = fc.tuple(dateArb, quarter).map(([d, t]) => `${d}T${t}`);
  return nearChange ? fc.oneof(nearChange, anywhere) : anywhere;
}

const weekdayArb = (withOrdinal: boolean): fc.Arbitrary<string | number> =>
  withOrdinal
    ? fc.oneof(
        fc.constantFrom(...WEEKDAY_CODES),
        fc
          .tuple(fc.constantFrom(1, 2, 3, 4, -1, -2), fc.constantFrom(...WEEKDAY_CODES))
          .map(([n, d]) => `${n}${d}`),
      )
    : fc.oneof(fc.constantFrom(...WEEKDAY_CODES), fc.integer({ min: 0, max: 6 }));

function code(day: string | number): string {
  return typeof day === 'number' ? (WEEKDAY_CODES[day] as string) : day;
}

/**
 * Random valid rules: FREQ DAILY..YEARLY, INTERVAL 1–4, optional BYDAY (ordinals for MONTHLY and
 * YEARLY), BYMONTHDAY (not WEEKLY), BYMONTH, and COUNT or UNTIL (a date after `dtstart`) or none.
 */
export function ruleArb(dtstart: string): fc.Arbitrary<RuleCase> {
  return fc.constantFrom(...FREQS).chain((freq) => {
    const ordinals = freq === 'MONTHLY' || freq === 'YEARLY';
    return (
      fc
        .record(
          {
            interval: fc.integer({ min: 1, max: 4 }),
            byweekday: uniqueSorted(weekdayArb(ordinals), 3, code),
            bymonthday:
              freq === 'WEEKLY'
                ? fc.constant(undefined)
                : uniqueSorted(
                    fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constantFrom(-1, -2)),
                    3,
                  ),
            bymonth: uniqueSorted(fc.integer({ min: 1, max: 12 }), 3),
            end: fc.oneof(
              fc.constant({}),
              fc.integer({ min: 1, max: 30 }).map((count) => ({ count })),
              fc.integer({ min: 0, max: 900 }).map((days) => ({
                until: Temporal.PlainDate.from(dtstart.slice(0, 10)).add({ days }).toString(),
              })),
            ),
          },
          { requiredKeys: ['interval', 'end'] },
        )
        // Recurra refuses YEARLY rules mixing plain and ordinal BYDAY (see yearly-byday-union.test.ts).
        .filter(
          ({ byweekday }) =>
            freq !== 'YEARLY' ||
            !byweekday ||
            new Set(byweekday.map((d) => /^[+-]?\d/.test(code(d)))).size <= 1,
        )
        .map(({ interval, byweekday, bymonthday, bymonth, end }) => {
          const object: Record<string, unknown> = { freq, interval };
          const parts = [`FREQ=${freq}`, `INTERVAL=${interval}`];
          if ('count' in end) {
            object.count = end.count;
            parts.push(`COUNT=${end.count}`);
          }
          if ('until' in end) {
            object.until = end.until;
            parts.push(`UNTIL=${end.until.replace(/-/g, '')}T235959`);
          }
          if (bymonth) {
            object.bymonth = bymonth;
            parts.push(`BYMONTH=${bymonth.join(',')}`);
          }
          if (bymonthday) {
            object.bymonthday = bymonthday;
            parts.push(`BYMONTHDAY=${bymonthday.join(',')}`);
          }
          if (byweekday) {
            object.byweekday = byweekday;
            parts.push(`BYDAY=${byweekday.map(code).join(',')}`);
          }
          return { object, floatingText: parts.join(';') };
        })
    );
  });
}

/** A zone, a DTSTART in it and a rule starting there. */
export const scheduleCaseArb = fc
  .constantFrom(...ZONES)
  .chain((zone) =>
    dtstartArb(zone).chain((dtstart) => ruleArb(dtstart).map((rule) => ({ zone, dtstart, rule }))),
  );

/** A window of local dates: often near `dtstart`, else up to 40 days before to ~3 years after; 1–120 days long. */
export function windowArb(dtstart: string): fc.Arbitrary<{ start: string; end: string }> {
  return fc
    .tuple(
      fc.oneof(fc.integer({ min: -10, max: 90 }), fc.integer({ min: -40, max: 1100 })),
      fc.integer({ min: 0, max: 119 }),
    )
    .map(([offset, length]) => {
      const start = Temporal.PlainDate.from(dtstart.slice(0, 10)).add({ days: offset });
      return { start: start.toString(), end: start.add({ days: length }).toString() };
    });
}

/**
 * DTSTART two days before a DST change at a time that falls into its gap or fold (01:30, 02:30,
 * 02:15 for Lord_Howe's half hour), a DAILY rule, and a week's window over the change.
 */
export const dstNightArb = fc
  .constantFrom('Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Australia/Lord_Howe')
  .chain((zone) => {
    const days: string[] = [];
    let at: Temporal.ZonedDateTime | null = Temporal.ZonedDateTime.from(
      `2025-01-01T00:00:00[${zone}]`,
    ).getTimeZoneTransition('next');
    while (at && at.year <= 2028) {
      days.push(at.toPlainDate().subtract({ days: 2 }).toString());
      at = at.getTimeZoneTransition('next');
    }
    return fc
      .tuple(fc.constantFrom(...days), fc.constantFrom('01:30:00', '02:15:00', '02:30:00'))
      .map(([day, time]) => ({
        zone,
        dtstart: `${day}T${time}`,
        rule: {
          object: { freq: 'DAILY', interval: 1 },
          floatingText: 'FREQ=DAILY;INTERVAL=1',
        },
        w: { start: day, end: Temporal.PlainDate.from(day).add({ days: 6 }).toString() },
      }));
  });
