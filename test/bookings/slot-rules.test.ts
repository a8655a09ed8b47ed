import { describe, expect, it } from 'vitest';
import type { BookableService } from '../../src/domain/bookings/bookable-service.ts';
import type { Occupancy } from '../../src/domain/bookings/booking.ts';
import {
  checkSlot,
  offeredSlots,
  slotsWithExpiry,
  type AvailabilityBlock,
  type SlotContext,
} from '../../src/domain/bookings/slot-rules.ts';
import { parseRule } from '../../src/domain/recurrence/parse-rule.ts';
import { Recurrence } from '../../src/domain/recurrence/recurrence.ts';
import { epochMsToLocal, localToEpochMs } from '../../src/domain/time/date-time.ts';

const HOUR = 3_600_000;
const MIN = 60_000;

const SERVICE: BookableService = {
  id: 1,
  specialistId: 1,
  name: 'Consultation',
  durationMinutes: 30,
  slotStepMinutes: 30,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minNoticeMinutes: 0,
  maxDaysAhead: 60,
  capacity: 1,
  maxPerDay: null,
  scheduleIds: null,
  isActive: true,
  createdAt: 0,
  updatedAt: 0,
};

/** Availability 09:00–17:00 local on the given dates, from schedule 10. */
function workdays(
  zone: string,
  dates: string[],
  from = '09:00',
  to = '17:00',
): AvailabilityBlock[] {
  return dates.map((d) => ({
    scheduleId: 10,
    startMs: localToEpochMs(`${d}T${from}:00`, zone),
    endMs: localToEpochMs(`${d}T${to}:00`, zone),
  }));
}

function ctx(over: Partial<SlotContext> & { zone?: string } = {}): SlotContext {
  const zone = over.zone ?? 'Europe/Berlin';
  return {
    service: SERVICE,
    availability: workdays(zone, ['2027-01-11']),
    occupancy: [],
    busyElsewhere: [],
    nowMs: Date.parse('2027-01-04T08:00:00Z'),
    timeZone: zone,
    ...over,
  };
}

const at = (local: string, zone = 'Europe/Berlin') => localToEpochMs(`${local}:00`, zone);
const locals = (slots: Array<{ startMs: number }>, zone = 'Europe/Berlin') =>
  slots.map((s) => epochMsToLocal(s.startMs, zone).slice(11, 16));
const day = (d: string, zone = 'Europe/Berlin'): [number, number] => [
  at(`${d}T00:00`, zone),
  at(`${d}T23:59`, zone) + MIN,
];

function booking(start: string, over: Partial<Occupancy> = {}): Occupancy {
  const s = at(start);
  return {
    kind: 'booking',
    id: 1,
    serviceId: 1,
    startMs: s,
    spanStartMs: s,
    spanEndMs: s + 30 * MIN,
    ...over,
  };
}

describe('rule 1: slots lie inside one availability occurrence, on its grid', () => {
  it('offers the occurrence start plus whole steps that still end inside it', () => {
    const slots = offeredSlots(ctx(), ...day('2027-01-11'));
    expect(slots).toHaveLength(16);
    expect(locals(slots).slice(0, 3)).toEqual(['09:00', '09:30', '10:00']);
    expect(locals(slots).at(-1)).toBe('16:30');
    const stepped = offeredSlots(
      ctx({ service: { ...SERVICE, slotStepMinutes: 15, durationMinutes: 45 } }),
      ...day('2027-01-11'),
    );
    expect(locals(stepped).slice(0, 3)).toEqual(['09:00', '09:15', '09:30']);
    expect(locals(stepped).at(-1)).toBe('16:15');
  });

  it('uses only the schedules the service allows, at their edited times; refuses off-grid and outside starts', () => {
    const availability = [
      ...workdays('Europe/Berlin', ['2027-01-11'], '09:00', '10:00'),
      { scheduleId: 11, startMs: at('2027-01-11T14:10'), endMs: at('2027-01-11T15:10') },
    ];
    const only11 = ctx({ availability, service: { ...SERVICE, scheduleIds: [11] } });
    expect(locals(offeredSlots(only11, ...day('2027-01-11')))).toEqual(['14:10', '14:40']);
    expect(checkSlot(only11, at('2027-01-11T09:00'))).toEqual({
      ok: false,
      reason: 'outside_availability',
    });
    expect(checkSlot(only11, at('2027-01-11T14:20'))).toEqual({ ok: false, reason: 'off_grid' });
    expect(checkSlot(only11, at('2027-01-11T14:40'))).toEqual({ ok: true, remaining: 1 });
  });
});

describe('rule 2: minimum notice and maximum days ahead', () => {
  it('nothing before now + notice, nothing from now + max days on', () => {
    const now = at('2027-01-11T10:10');
    const soon = ctx({ nowMs: now, service: { ...SERVICE, minNoticeMinutes: 120 } });
    expect(locals(offeredSlots(soon, ...day('2027-01-11')))[0]).toBe('12:30');
    expect(checkSlot(soon, at('2027-01-11T12:00'))).toEqual({ ok: false, reason: 'too_soon' });
    const far = ctx({ nowMs: at('2027-01-01T10:00'), service: { ...SERVICE, maxDaysAhead: 10 } });
    expect(locals(offeredSlots(far, ...day('2027-01-11')))).toEqual(['09:00', '09:30']);
    expect(checkSlot(far, at('2027-01-11T10:00'))).toEqual({ ok: false, reason: 'too_far' });
  });
});

describe('rule 3: capacity, with live holds counting', () => {
  it('a slot takes `capacity` bookings and holds; remaining says what is left', () => {
    const group = { ...SERVICE, capacity: 3 };
    const one = ctx({ service: group, occupancy: [booking('2027-01-11T09:00')] });
    expect(offeredSlots(one, ...day('2027-01-11'))[0]).toMatchObject({ remaining: 2 });
    const full = ctx({
      service: group,
      occupancy: [1, 2, 3].map((id) => booking('2027-01-11T09:00', { id })),
    });
    expect(checkSlot(full, at('2027-01-11T09:00'))).toEqual({ ok: false, reason: 'fully_booked' });
    const held = ctx({
      service: group,
      occupancy: [
        booking('2027-01-11T09:00'),
        booking('2027-01-11T09:00', { id: 2, kind: 'hold' }),
        booking('2027-01-11T09:00', { id: 3, kind: 'hold' }),
      ],
    });
    expect(checkSlot(held, at('2027-01-11T09:00'))).toEqual({ ok: false, reason: 'held' });
  });
});

describe('rule 4: buffered spans of other bookings, and busy time elsewhere', () => {
  it('a buffered span may not overlap another booking or hold of any service, except its own slot', () => {
    const buffered = { ...SERVICE, bufferBeforeMinutes: 10, bufferAfterMinutes: 15 };
    const other = booking('2027-01-11T10:00', {
      serviceId: 2,
      spanStartMs: at('2027-01-11T10:00'),
      spanEndMs: at('2027-01-11T10:30'),
    });
    const c = ctx({ service: buffered, occupancy: [other] });
    const offered = locals(offeredSlots(c, ...day('2027-01-11')));
    // 09:30 ends 10:00 + 15 min after-buffer: overlaps; 10:30 starts with 10 min before: overlaps.
    expect(offered.slice(0, 3)).toEqual(['09:00', '11:00', '11:30']);
    expect(checkSlot(c, at('2027-01-11T09:30'))).toEqual({ ok: false, reason: 'buffer' });
    // Group sessions share their own slot despite buffers.
    const group = ctx({
      service: { ...buffered, capacity: 2 },
      occupancy: [
        booking('2027-01-11T10:00', {
          spanStartMs: at('2027-01-11T09:50'),
          spanEndMs: at('2027-01-11T10:45'),
        }),
      ],
    });
    expect(checkSlot(group, at('2027-01-11T10:00'))).toEqual({ ok: true, remaining: 1 });
    const busy = ctx({
      busyElsewhere: [{ startMs: at('2027-01-11T12:10'), endMs: at('2027-01-11T12:20') }],
    });
    expect(checkSlot(busy, at('2027-01-11T12:00'))).toEqual({
      ok: false,
      reason: 'busy_elsewhere',
    });
    expect(checkSlot(busy, at('2027-01-11T12:30'))).toEqual({ ok: true, remaining: 1 });
  });
});

describe('rule 5: at most max_per_day of this service per local day', () => {
  it('counts bookings and holds of this service on the local day only', () => {
    const limited = { ...SERVICE, maxPerDay: 2 };
    const c = ctx({
      service: limited,
      availability: workdays('Europe/Berlin', ['2027-01-11', '2027-01-12']),
      occupancy: [
        booking('2027-01-11T09:00'),
        booking('2027-01-11T11:00', { id: 2, kind: 'hold' }),
        booking('2027-01-11T13:00', { id: 3, serviceId: 2 }),
      ],
    });
    expect(offeredSlots(c, ...day('2027-01-11'))).toEqual([]);
    expect(checkSlot(c, at('2027-01-11T15:00'))).toEqual({ ok: false, reason: 'daily_limit' });
    expect(offeredSlots(c, ...day('2027-01-12'))).toHaveLength(16);
  });
});

describe('the rules combined, in the contract order', () => {
  it('reports the first rule a start fails', () => {
    const c = ctx({
      nowMs: at('2027-01-11T09:10'),
      service: { ...SERVICE, minNoticeMinutes: 60, maxPerDay: 1, bufferAfterMinutes: 30 },
      occupancy: [booking('2027-01-11T12:00', { spanEndMs: at('2027-01-11T13:00') })],
    });
    expect(checkSlot(c, at('2027-01-11T08:30'))).toEqual({
      ok: false,
      reason: 'outside_availability',
    });
    expect(checkSlot(c, at('2027-01-11T09:30'))).toEqual({ ok: false, reason: 'too_soon' });
    expect(checkSlot(c, at('2027-01-11T11:30'))).toEqual({ ok: false, reason: 'buffer' });
    expect(checkSlot(c, at('2027-01-11T15:00'))).toEqual({ ok: false, reason: 'daily_limit' });
  });

  it('knows when its answer changes by time alone: a slot falls within the notice, a hold expires', () => {
    const now = at('2027-01-11T08:00');
    const c = ctx({
      nowMs: now,
      service: { ...SERVICE, minNoticeMinutes: 30 },
      occupancy: [booking('2027-01-11T13:00', { kind: 'hold', expiresAt: now + 5 * MIN })],
    });
    expect(slotsWithExpiry(c, ...day('2027-01-11')).validUntilMs).toBe(now + 5 * MIN);
    const noHold = ctx({ nowMs: now, service: { ...SERVICE, minNoticeMinutes: 30 } });
    expect(slotsWithExpiry(noHold, ...day('2027-01-11')).validUntilMs).toBe(at('2027-01-11T08:30'));
  });
});

/** A 09:00–17:00 weekday series expanded by the real recurrence code, as availability. */
function weekdaySeries(zone: string, from: string, to: string): AvailabilityBlock[] {
  const r = new Recurrence({
    rule: parseRule('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR'),
    dtstart: `${from}T09:00:00`,
    timeZone: zone,
    durationMs: 8 * HOUR,
  });
  return r
    .overlapping(at(`${from}T00:00`, zone), at(`${to}T23:59`, zone), 1000)
    .map((o) => ({ scheduleId: 10, startMs: o.startMs, endMs: o.endMs }));
}

describe.each([
  ['Europe/Berlin', '2027-03-22', '2027-03-29'],
  ['America/New_York', '2027-03-08', '2027-03-15'],
  ['Australia/Sydney', '2027-03-29', '2027-04-05'],
])('across the DST change in %s', (zone, before, after) => {
  it('a 09:00–17:00 availability offers the same local slots on the Monday after the change as before', () => {
    const c = ctx({
      zone,
      timeZone: zone,
      availability: weekdaySeries(zone, before, after),
      nowMs: at(`${before}T00:00`, zone) - 7 * 24 * HOUR,
      service: { ...SERVICE, durationMinutes: 60, slotStepMinutes: 60 },
    });
    const mondayBefore = locals(offeredSlots(c, ...day(before, zone)), zone);
    const mondayAfter = locals(offeredSlots(c, ...day(after, zone)), zone);
    expect(mondayBefore).toEqual([
      '09:00',
      '10:00',
      '11:00',
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
    ]);
    expect(mondayAfter).toEqual(mondayBefore);
  });
});
