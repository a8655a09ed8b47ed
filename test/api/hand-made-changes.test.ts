import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { CalendarHarness } from '../support/calendar-harness.ts';
import { createSpecialist } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Hand-made changes (moved, cancelled, excluded occurrences) survive every series edit, by the
 * contract's three rules, and the view, the feed and the conflict check see the same result.
 * The suite's clock is pinned at Wednesday 2 December 2026, 10:00 UTC.
 */
describe.each(DIALECTS)('hand-made changes survive series edits on %s', (dialect) => {
  let server: TestServer;
  let cal: CalendarHarness;

  beforeEach(async () => {
    server = await startTestServer(dialect);
    cal = new CalendarHarness(
      server,
      await createSpecialist(server, 'Europe/Berlin'),
      'Europe/Berlin',
    );
  });
  afterEach(async () => server.close());

  describe('the reported repros', () => {
    it('1: a later start date leaves a cancellation on its date (it does not move by the start delta)', async () => {
      const sid = await cal.create({
        title: 'Mondays',
        start_datetime: '2027-02-01T10:00',
        end_datetime: '2027-02-01T11:00',
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO',
      });
      await cal.view('2027-02-01', '2027-02-28');
      await cal.cancel('2027-02-15 10:00', '2027-02-01', '2027-02-28');
      await cal.editAll(sid, { start_datetime: '2027-02-08T10:00' });
      expect(await cal.agrees('2027-02-01', '2027-02-28')).toEqual([
        '2027-02-08 10:00 Mondays',
        '2027-02-22 10:00 Mondays',
      ]);
    });

    it('2: an exdate follows a new time of day (scope=all), and the old one is gone from the schedule and the feed', async () => {
      const sid = await cal.create({
        title: 'Tuesdays',
        start_datetime: '2027-03-02T10:00',
        end_datetime: '2027-03-02T11:00',
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=TU',
        exdates: ['2027-03-09T10:00'],
      });
      const edited = await cal.editAll(sid, {
        start_datetime: '2027-03-02T14:00',
        end_datetime: '2027-03-02T15:00',
      });
      expect(edited.exdates).toEqual(['2027-03-09T14:00:00+01:00']);
      expect(await cal.agrees('2027-03-01', '2027-03-21')).toEqual([
        '2027-03-02 14:00 Tuesdays',
        '2027-03-16 14:00 Tuesdays',
      ]);
      const feed = await cal.feed();
      expect(feed).toContain('EXDATE;TZID=Europe/Berlin:20270309T140000');
      expect(feed).not.toContain('20270309T100000');
    });

    it('2: an exdate follows a new time of day into the new part of a split (scope=following)', async () => {
      const sid = await cal.create({
        title: 'Tuesdays',
        start_datetime: '2027-03-02T10:00',
        end_datetime: '2027-03-02T11:00',
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=TU',
        exdates: ['2027-03-09T10:00'],
      });
      const { previous, schedule } = await cal.editFollowing(sid, '2027-03-08', {
        start_datetime: '2027-03-09T14:00',
        end_datetime: '2027-03-09T15:00',
      });
      expect(previous?.exdates).toEqual([]);
      expect(schedule.exdates).toEqual(['2027-03-09T14:00:00+01:00']);
      expect(await cal.agrees('2027-03-01', '2027-03-21')).toEqual([
        '2027-03-02 10:00 Tuesdays',
        '2027-03-16 14:00 Tuesdays',
      ]);
    });

    it('3: a COUNT is shared out across a split counting excluded occurrences, so no fifth appears', async () => {
      const sid = await cal.create({
        title: 'Five',
        start_datetime: '2027-01-04T09:00',
        end_datetime: '2027-01-04T10:00',
        recurrence_rule: 'FREQ=WEEKLY;COUNT=5',
        exdates: ['2027-01-11T09:00'],
      });
      const { previous, schedule } = await cal.editFollowing(sid, '2027-01-18', {
        title: 'Five (later)',
      });
      expect(previous?.recurrence_rule).toBe('FREQ=WEEKLY;UNTIL=20270117T225959Z');
      // 4 Jan and 11 Jan (excluded) came before the cut: 3 are left.
      expect(schedule.recurrence_rule).toBe('FREQ=WEEKLY;COUNT=3');
      expect(await cal.agrees('2027-01-01', '2027-02-28')).toEqual([
        '2027-01-04 09:00 Five',
        '2027-01-18 09:00 Five (later)',
        '2027-01-25 09:00 Five (later)',
        '2027-02-01 09:00 Five (later)',
      ]);
    });

    it('4: a series with a cancellation turned into a one-off: the view and the feed show the same event', async () => {
      const sid = await cal.create({
        title: 'Series',
        start_datetime: '2027-01-05T09:00',
        end_datetime: '2027-01-05T10:00',
        recurrence_rule: 'FREQ=WEEKLY',
      });
      await cal.cancel('2027-01-12 09:00', '2027-01-04', '2027-01-17');
      await cal.editAll(sid, { recurrence_rule: null });
      expect(await cal.agrees('2027-01-01', '2027-01-31')).toEqual(['2027-01-05 09:00 Series']);
      expect(await cal.feed()).toContain('SUMMARY:Series');
    });

    it('4: a one-off whose only occurrence was cancelled stays cancelled, in the view and the feed', async () => {
      const sid = await cal.create({
        title: 'Series',
        start_datetime: '2027-01-05T09:00',
        end_datetime: '2027-01-05T10:00',
        recurrence_rule: 'FREQ=WEEKLY',
      });
      await cal.cancel('2027-01-05 09:00', '2027-01-04', '2027-01-10');
      await cal.editAll(sid, { recurrence_rule: null });
      expect(await cal.agrees('2027-01-01', '2027-01-31')).toEqual([]);
    });

    it('5: deleting a series removes its moved future occurrence everywhere; its history stays in the view and the feed', async () => {
      const sid = await cal.create({
        title: 'Weekly',
        start_datetime: '2026-11-02T08:00',
        end_datetime: '2026-11-02T09:00',
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO',
      });
      await cal.view('2026-12-07', '2026-12-20');
      const moved = await cal.find('2026-12-14 08:00', '2026-12-07', '2026-12-20');
      await cal.move('2026-12-14 08:00', '2026-12-07', '2026-12-20', {
        start_datetime: '2026-12-16T15:00',
      });
      await cal.ok(
        await server.request('DELETE', `/specialist/${cal.specialistId}/schedules/${sid}`),
        204,
      );
      expect(await cal.agrees('2026-12-01', '2026-12-31')).toEqual([]);
      // The moved occurrence is gone: it cannot be edited, and it blocks nothing.
      const edit = await server.request(
        'PATCH',
        `/specialist/${cal.specialistId}/instances/${moved.id}`,
        { title: 'x' },
      );
      expect(edit.status).toBe(404);
      const probe = await server.request('POST', `/specialist/${cal.specialistId}/schedules`, {
        title: 'Probe',
        start_datetime: '2026-12-16T15:00',
        end_datetime: '2026-12-16T16:00',
      });
      expect(probe.status).toBe(201);
      // History (before now, 2 December 11:00 Berlin) stays, viewed for the first time after the delete too.
      expect(await cal.agrees('2026-11-01', '2026-11-30')).toEqual([
        '2026-11-02 08:00 Weekly',
        '2026-11-09 08:00 Weekly',
        '2026-11-16 08:00 Weekly',
        '2026-11-23 08:00 Weekly',
        '2026-11-30 08:00 Weekly',
      ]);
    });

    it('5: a series deleted before its first occurrence leaves nothing, in the view or the feed', async () => {
      const sid = await cal.create({
        title: 'Never',
        start_datetime: '2027-01-04T08:00',
        end_datetime: '2027-01-04T09:00',
        recurrence_rule: 'FREQ=DAILY',
      });
      await cal.view('2027-01-04', '2027-01-10');
      await cal.ok(
        await server.request('DELETE', `/specialist/${cal.specialistId}/schedules/${sid}`),
        204,
      );
      expect(await cal.agrees('2027-01-01', '2027-01-31')).toEqual([]);
      expect(await cal.feed()).not.toContain('SUMMARY:Never');
    });

    it('6: a back-dated start cannot dodge the overlap check (the horizon starts today)', async () => {
      await cal.create({
        title: 'This year',
        start_datetime: '2026-12-07T10:00',
        end_datetime: '2026-12-07T11:00',
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO',
      });
      const res = await server.request('POST', `/specialist/${cal.specialistId}/schedules`, {
        title: 'Since 2020',
        start_datetime: '2020-01-06T10:30',
        end_datetime: '2020-01-06T11:30',
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO',
      });
      expect(res.status).toBe(409);
      expect(res.body.error.details.conflicts[0].start_datetime).toBe('2026-12-07T10:00:00+01:00');
    });

    it('7: DTSTART is the first occurrence of a YEARLY rule with an ordinal BYDAY (1TU, -1FR)', async () => {
      await cal.create({
        title: 'First Tuesday',
        start_datetime: '2026-06-02T09:00',
        end_datetime: '2026-06-02T10:00',
        recurrence_rule: 'FREQ=YEARLY;COUNT=3;BYDAY=1TU',
      });
      await cal.create({
        title: 'Last Friday',
        start_datetime: '2026-06-26T12:00',
        end_datetime: '2026-06-26T13:00',
        recurrence_rule: 'FREQ=YEARLY;COUNT=3;BYDAY=-1FR',
      });
      expect(await cal.agrees('2026-01-01', '2026-12-31')).toEqual([
        '2026-06-02 09:00 First Tuesday',
        '2026-06-26 12:00 Last Friday',
        '2026-12-25 12:00 Last Friday',
      ]);
      expect(await cal.agrees('2027-01-01', '2027-12-31')).toEqual([
        '2027-01-05 09:00 First Tuesday',
        '2027-12-31 12:00 Last Friday',
      ]);
      expect(await cal.agrees('2028-01-01', '2028-12-31')).toEqual([
        '2028-01-04 09:00 First Tuesday',
      ]);
    });
  });

  /**
   * Mondays 10:00–11:00 from 1 February 2027 with the three kinds of hand-made change: 8 February
   * moved to Tuesday 9 February 16:00, 15 February cancelled, 22 February excluded.
   */
  describe('every kind of series edit with a moved, a cancelled and an excluded occurrence', () => {
    let sid: number;
    beforeEach(async () => {
      sid = await cal.create({
        title: 'Clinic',
        start_datetime: '2027-02-01T10:00',
        end_datetime: '2027-02-01T11:00',
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO',
        exdates: ['2027-02-22T10:00'],
      });
      await cal.view('2027-02-01', '2027-03-14');
      await cal.move('2027-02-08 10:00', '2027-02-01', '2027-02-14', {
        start_datetime: '2027-02-09T16:00',
        title: 'Clinic (moved)',
      });
      await cal.cancel('2027-02-15 10:00', '2027-02-01', '2027-02-21');
    });

    it('a new time of day: every change stays on its date', async () => {
      const s = await cal.editAll(sid, {
        start_datetime: '2027-02-01T14:00',
        end_datetime: '2027-02-01T15:00',
      });
      expect(s.exdates).toEqual(['2027-02-22T14:00:00+01:00']);
      expect(await cal.agrees('2027-01-25', '2027-03-07')).toEqual([
        '2027-02-01 14:00 Clinic',
        '2027-02-09 16:00 Clinic (moved)',
        '2027-03-01 14:00 Clinic',
      ]);
      expect(await cal.agrees('2027-03-08', '2027-03-21')).toEqual([
        '2027-03-08 14:00 Clinic',
        '2027-03-15 14:00 Clinic',
      ]);
      const moved = await cal.find('2027-02-09 16:00', '2027-02-01', '2027-02-14');
      expect(cal.local(moved.original_start_datetime)).toBe('2027-02-08 14:00');
    });

    it('a new zone (wall times kept): every change stays on its date, at the new instants', async () => {
      const s = await cal.editAll(sid, { timezone: 'America/New_York' });
      expect(s.exdates).toEqual(['2027-02-22T10:00:00-05:00']);
      expect(await cal.agrees('2027-01-25', '2027-03-07')).toEqual([
        '2027-02-01 16:00 Clinic',
        '2027-02-09 16:00 Clinic (moved)',
        '2027-03-01 16:00 Clinic',
      ]);
    });

    it('a later start date: changes on remaining dates stay; the edit whose date is gone stands alone', async () => {
      await cal.editAll(sid, {
        start_datetime: '2027-02-15T10:00',
        end_datetime: '2027-02-15T11:00',
      });
      expect(await cal.agrees('2027-01-25', '2027-03-07')).toEqual([
        '2027-02-09 16:00 Clinic (moved)',
        '2027-03-01 10:00 Clinic',
      ]);
      const schedules = (await server.request('GET', `/specialist/${cal.specialistId}/schedules`))
        .body.schedules as Array<{ title: string; recurrence_rule: string | null }>;
      expect(schedules.map((s) => [s.title, s.recurrence_rule])).toEqual([
        ['Clinic (moved)', null],
        ['Clinic', 'FREQ=WEEKLY;BYDAY=MO'],
      ]);
    });

    it('Mondays become Tuesdays (start and BYDAY together): every change moves by one day', async () => {
      const s = await cal.editAll(sid, {
        start_datetime: '2027-02-02T10:00',
        end_datetime: '2027-02-02T11:00',
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=TU',
      });
      expect(s.exdates).toEqual(['2027-02-23T10:00:00+01:00']);
      expect(await cal.agrees('2027-01-25', '2027-03-07')).toEqual([
        '2027-02-02 10:00 Clinic',
        '2027-02-09 16:00 Clinic (moved)',
        '2027-03-02 10:00 Clinic',
      ]);
      const cancelled = (await cal.instances('2027-02-15', '2027-02-21', true)).filter(
        (i) => i.status === 'cancelled',
      );
      expect(cancelled.map((i) => cal.local(i.original_start_datetime))).toEqual([
        '2027-02-16 10:00',
      ]);
    });

    it('a rule that drops dates (fortnightly): changes on dropped dates go, the edit stands alone', async () => {
      const s = await cal.editAll(sid, { recurrence_rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO' });
      expect(s.exdates).toEqual([]);
      expect(await cal.agrees('2027-01-25', '2027-03-21')).toEqual([
        '2027-02-01 10:00 Clinic',
        '2027-02-09 16:00 Clinic (moved)',
        '2027-03-01 10:00 Clinic',
        '2027-03-15 10:00 Clinic',
      ]);
    });

    it('this and following with a new time: the changes after the cut follow into the new part', async () => {
      const { schedule } = await cal.editFollowing(sid, '2027-02-14', {
        start_datetime: '2027-02-15T14:00',
        end_datetime: '2027-02-15T15:00',
      });
      expect(schedule.exdates).toEqual(['2027-02-22T14:00:00+01:00']);
      expect(await cal.agrees('2027-01-25', '2027-03-07')).toEqual([
        '2027-02-01 10:00 Clinic',
        '2027-02-09 16:00 Clinic (moved)',
        '2027-03-01 14:00 Clinic',
      ]);
      const cancelled = (await cal.instances('2027-02-15', '2027-02-21', true)).filter(
        (i) => i.status === 'cancelled',
      );
      expect(cancelled.map((i) => [cal.local(i.original_start_datetime), i.schedule_id])).toEqual([
        ['2027-02-15 14:00', schedule.id],
      ]);
    });

    it('delete this and following: everything from the date on goes, edited or not', async () => {
      await cal.ok(
        await server.request(
          'DELETE',
          `/specialist/${cal.specialistId}/schedules/${sid}?from=2027-02-09`,
        ),
        204,
      );
      expect(await cal.agrees('2027-01-25', '2027-03-07')).toEqual(['2027-02-01 10:00 Clinic']);
    });
  });
});
