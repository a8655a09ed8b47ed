import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant, localToEpochMs } from '../../src/domain/time/date-time.ts';
import { addDays } from '../property/reference-calendar.ts';
import { CalendarHarness } from '../support/calendar-harness.ts';
import { DIALECTS } from '../support/databases.ts';
import { createSpecialist } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The feed read by a client users run: Debian's python3-icalendar with recurring_ical_events
 * (`/usr/bin/python3`, installed by .ci/run), after every kind of series edit with a moved, a
 * cancelled and an excluded occurrence, over DST weeks in Berlin, New York and Sydney. Its
 * expansion must equal calendar-instances exactly (instants, ends and titles).
 *
 * That library reads an ambiguous (autumn) local time as the later instant where the contract
 * says the earlier; no occurrence here falls in a fold (they are at 10:00 and 14:00), and folds
 * are covered by the ical.js tests, where the feed writes such instants in UTC.
 */
const SCRIPT = fileURLToPath(new URL('./expand_feed.py', import.meta.url));

function pythonExpand(
  feed: string,
  fromIso: string,
  toIso: string,
): Array<[number, number, string]> {
  const run = spawnSync('/usr/bin/python3', [SCRIPT, fromIso, toIso], {
    input: feed,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`python expansion failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Array<[number, number, string]>;
}

/** A spring DST change of each zone (2027) and the Sunday two weeks before it. */
const ZONES = [
  { zone: 'Europe/Berlin', change: '2027-03-28', other: 'America/New_York' },
  { zone: 'America/New_York', change: '2027-03-14', other: 'Europe/Berlin' },
  // Sydney's clocks go back on 4 April (its autumn), forward on 3 October.
  { zone: 'Australia/Sydney', change: '2027-04-04', other: 'Europe/Berlin' },
] as const;

type Edit = (cal: CalendarHarness, sid: number, change: string) => Promise<unknown>;
const EDITS: Array<[string, Edit]> = [
  [
    'a new time of day',
    (cal, sid, c) =>
      cal.editAll(sid, {
        start_datetime: `${addDays(c, -14)}T14:00`,
        end_datetime: `${addDays(c, -14)}T15:00`,
      }),
  ],
  ['a new zone', (cal, sid) => cal.editAll(sid, { timezone: 'UTC' })],
  [
    'a later start date',
    (cal, sid, c) =>
      cal.editAll(sid, {
        start_datetime: `${addDays(c, -7)}T10:00`,
        end_datetime: `${addDays(c, -7)}T11:00`,
      }),
  ],
  [
    'Sundays and Wednesdays become Mondays and Thursdays',
    (cal, sid, c) =>
      cal.editAll(sid, {
        start_datetime: `${addDays(c, -13)}T10:00`,
        end_datetime: `${addDays(c, -13)}T11:00`,
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO,TH',
      }),
  ],
  [
    'a rule that drops dates',
    (cal, sid) => cal.editAll(sid, { recurrence_rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,WE' }),
  ],
  [
    'this and following with a new time',
    (cal, sid, c) =>
      cal.editFollowing(sid, addDays(c, -3), {
        start_datetime: `${addDays(c, -3)}T14:00`,
        end_datetime: `${addDays(c, -3)}T15:00`,
      }),
  ],
];

describe.each(DIALECTS)(
  'the feed in python3-icalendar + recurring_ical_events on %s',
  (dialect) => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(dialect);
    });
    afterAll(async () => server.close());

    describe.each(ZONES)('in $zone around $change', ({ zone, change }) => {
      it.each(EDITS)('after %s, the client expands what the view shows', async (_name, edit) => {
        const cal = new CalendarHarness(server, await createSpecialist(server, zone, 'Py'), zone);
        const from = addDays(change, -14); // a Sunday
        const sid = await cal.create({
          title: 'Clinic',
          start_datetime: `${from}T10:00`,
          end_datetime: `${from}T11:00`,
          timezone: zone,
          recurrence_rule: 'FREQ=WEEKLY;BYDAY=SU,WE',
          exdates: [`${addDays(change, 7)}T10:00`],
        });
        await cal.view(from, addDays(change, 20));
        await cal.move(`${change} 10:00`, from, addDays(change, 20), {
          start_datetime: `${change}T12:30`,
          title: 'Clinic (moved)',
        });
        await cal.cancel(`${addDays(change, 3)} 10:00`, from, addDays(change, 20));
        await edit(cal, sid, change);

        for (const [start, end] of [
          [addDays(change, -14), addDays(change, 6)],
          [addDays(change, 7), addDays(change, 27)],
        ] as const) {
          const view = (await cal.instances(start, end)).map(
            (i) => [Date.parse(i.start_datetime), Date.parse(i.end_datetime), i.title] as const,
          );
          const res = await server.request('GET', `/specialist/${cal.specialistId}/calendar.ics`);
          const window = await server.request(
            'GET',
            `/specialist/${cal.specialistId}/calendar-instances?start_date=${start}&end_date=${end}`,
          );
          const startIso = windowBound(start, zone);
          const endIso = windowBound(addDays(end, 1), zone);
          expect(window.status).toBe(200);
          expect(pythonExpand(res.body as string, startIso, endIso)).toEqual(
            view.map((v) => [...v]).sort((a, b) => (a[0] as number) - (b[0] as number)),
          );
        }
      });
    });
  },
);

/** Local midnight of `date` in `zone`, as an ISO instant with its offset (Python's fromisoformat reads it). */
function windowBound(date: string, zone: string): string {
  return formatInstant(localToEpochMs(`${date}T00:00:00`, zone), zone);
}
