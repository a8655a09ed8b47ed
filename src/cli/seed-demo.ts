import type { AppContext } from '../context.ts';
import type { ScheduleInput } from '../domain/schedules/schedule-draft.ts';
import { todayIn } from '../domain/time/date-time.ts';

interface DemoSchedule {
  readonly title: string;
  /** Days after the Monday eight weeks before this week, and local times. */
  readonly day: number;
  readonly from: string;
  readonly to: string;
  readonly rule: (nextYear: number) => string;
}

/** A bookable service of a demo specialist (the booking page at `/book/{id}` offers it). */
interface DemoService {
  readonly name: string;
  readonly duration_minutes: number;
  readonly buffer_after_minutes?: number;
  readonly min_notice_minutes?: number;
}

const DEMO: Array<{
  name: string;
  timezone: string;
  schedules: DemoSchedule[];
  services: DemoService[];
}> = [
  {
    name: 'Dr. Rivera (demo)',
    timezone: 'Europe/Berlin',
    services: [
      { name: 'Consultation', duration_minutes: 30, min_notice_minutes: 120 },
      { name: 'Long appointment', duration_minutes: 60, buffer_after_minutes: 15 },
    ],
    schedules: [
      {
        title: 'Saturday clinic',
        day: 5,
        from: '09:00',
        to: '17:00',
        rule: () => 'FREQ=WEEKLY;BYDAY=SA',
      },
      {
        title: 'Morning consultations',
        day: 0,
        from: '08:00',
        to: '12:00',
        rule: (y) => `FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=${y}0630`,
      },
      {
        title: 'Case review',
        day: 1,
        from: '14:00',
        to: '15:30',
        rule: () => 'FREQ=MONTHLY;BYDAY=2TU',
      },
    ],
  },
  {
    name: 'Sam Okafor, maths tutor (demo)',
    timezone: 'America/New_York',
    services: [{ name: 'Tutoring session', duration_minutes: 60 }],
    schedules: [
      {
        title: 'Tutoring',
        day: 1,
        from: '16:00',
        to: '18:00',
        rule: () => 'FREQ=WEEKLY;BYDAY=TU,TH',
      },
      {
        title: 'Exam prep (every other Sunday)',
        day: 6,
        from: '10:00',
        to: '12:00',
        rule: () => 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SU',
      },
    ],
  },
  {
    name: 'Mia Chen, consultant (demo)',
    timezone: 'Australia/Sydney',
    services: [{ name: 'Intro call', duration_minutes: 20, buffer_after_minutes: 10 }],
    schedules: [
      {
        title: 'Office hours',
        day: 0,
        from: '09:00',
        to: '13:00',
        rule: () => 'FREQ=WEEKLY;BYDAY=MO,TH',
      },
    ],
  },
];

/**
 * Creates the demo specialists, their schedules and services unless a specialist of that name exists:
 * running it twice changes nothing. Dates follow the clock (the schedules began eight weeks ago),
 * so the demo looks the same whenever it is run. Returns how many of each it created.
 */
export async function seedDemo(
  ctx: AppContext,
): Promise<{ specialists: number; schedules: number; services: number }> {
  const existing = new Set((await ctx.specialists.list()).map((s) => s.name));
  let specialists = 0;
  let schedules = 0;
  let services = 0;
  for (const demo of DEMO) {
    if (existing.has(demo.name)) continue;
    const { specialist } = await ctx.specialists.create({
      name: demo.name,
      timezone: demo.timezone,
    });
    specialists++;
    const today = todayIn(ctx.clock.now(), demo.timezone);
    const monday = today.subtract({ days: today.dayOfWeek - 1 + 8 * 7 });
    for (const s of demo.schedules) {
      const date = monday.add({ days: s.day }).toString();
      const input: ScheduleInput = {
        title: s.title,
        start_datetime: `${date}T${s.from}`,
        end_datetime: `${date}T${s.to}`,
        timezone: demo.timezone,
        recurrence_rule: s.rule(today.year + 1),
      };
      await ctx.schedules.create(specialist.id, input, true);
      schedules++;
    }
    for (const service of demo.services) {
      await ctx.catalog.create(specialist.id, service);
      services++;
    }
  }
  return { specialists, schedules, services };
}
