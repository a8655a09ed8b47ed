import { describe, expect, it } from 'vitest';
import {
  blockTimes,
  scheduleChanges,
  type ScheduleFormValues,
} from '../../src/web/schedule-changes.ts';

const OPENED: ScheduleFormValues = {
  title: 'Desk hours',
  date: '2026-12-07',
  start: '09:00',
  end: '11:00',
  timezone: 'Europe/Berlin',
  rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=6',
};

describe('a series edit sends only what the person changed', () => {
  it('sends nothing when nothing changed', () => {
    expect(scheduleChanges(OPENED, { ...OPENED })).toEqual({});
  });

  it('sends a title alone', () => {
    expect(scheduleChanges(OPENED, { ...OPENED, title: 'Front desk' })).toEqual({
      title: 'Front desk',
    });
  });

  it('sends start and end together when a time changed, never the rule it showed', () => {
    expect(scheduleChanges(OPENED, { ...OPENED, start: '10:00' })).toEqual({
      start_datetime: '2026-12-07T10:00:00',
      end_datetime: '2026-12-07T11:00:00',
    });
  });

  it('sends a changed zone, and a changed rule (null for "Does not repeat")', () => {
    expect(scheduleChanges(OPENED, { ...OPENED, timezone: 'Asia/Kolkata' })).toEqual({
      timezone: 'Asia/Kolkata',
    });
    expect(scheduleChanges(OPENED, { ...OPENED, rule: null })).toEqual({ recurrence_rule: null });
  });

  it('reads an end before the start as the next day', () => {
    expect(blockTimes('2026-12-31', '22:00', '02:00')).toEqual({
      start_datetime: '2026-12-31T22:00:00',
      end_datetime: '2027-01-01T02:00:00',
    });
  });
});
