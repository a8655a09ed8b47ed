import type { ScheduleInput } from '../domain/schedules/schedule-template.ts';
import type { AppContext } from '../http/app-context.ts';

const DEMO: Array<{ name: string; timezone: string; schedules: ScheduleInput[] }> = [
  {
    name: 'Dr. Rivera (demo)',
    timezone: 'Europe/Berlin',
    schedules: [
      {
        title: 'Saturday clinic',
        start_datetime: '2026-01-03T09:00',
        end_datetime: '2026-01-03T17:00',
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=SA',
      },
      {
        title: 'Morning consultations',
        start_datetime: '2026-01-05T08:00',
        end_datetime: '2026-01-05T12:00',
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270630',
      },
      {
        title: 'Case review',
        start_datetime: '2026-01-13T14:00',
        end_datetime: '2026-01-13T15:30',
        recurrence_rule: 'FREQ=MONTHLY;BYDAY=2TU',
      },
    ],
  },
  {
    name: 'Sam Okafor, maths tutor (demo)',
    timezone: 'America/New_York',
    schedules: [
      {
        title: 'Tutoring',
        start_datetime: '2026-01-06T16:00',
        end_datetime: '2026-01-06T18:00',
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=TU,TH',
      },
      {
        title: 'Exam prep (every other Sunday)',
        start_datetime: '2026-01-04T10:00',
        end_datetime: '2026-01-04T12:00',
        recurrence_rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SU',
      },
    ],
  },
  {
    name: 'Mia Chen, consultant (demo)',
    timezone: 'Australia/Sydney',
    schedules: [
      {
        title: 'Office hours',
        start_datetime: '2026-01-05T09:00',
        end_datetime: '2026-01-05T13:00',
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO,TH',
      },
    ],
  },
];

/**
 * Creates the demo specialists and their schedules unless a specialist of that name exists:
 * running it twice changes nothing. Returns how many specialists and schedules it created.
 */
export async function seedDemo(
  ctx: AppContext,
): Promise<{ specialists: number; schedules: number }> {
  const existing = new Set((await ctx.specialists.list()).map((s) => s.name));
  let specialists = 0;
  let schedules = 0;
  for (const demo of DEMO) {
    if (existing.has(demo.name)) continue;
    const { row } = await ctx.specialists.create({ name: demo.name, timezone: demo.timezone });
    specialists++;
    for (const s of demo.schedules) {
      await ctx.schedules.create(row.id, { ...s, timezone: demo.timezone });
      schedules++;
    }
  }
  return { specialists, schedules };
}
