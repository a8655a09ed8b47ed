import type { Storage } from '../../src/storage/storage.ts';
import type { TestServer } from './test-server.ts';

/** Row counts straight from the database, to prove what a request wrote. */
export async function countRows(
  server: TestServer,
): Promise<{ specialists: number; schedules: number; instances: number }> {
  const db = server.db.storage.db;
  const n = async (table: 'specialists' | 'schedules' | 'instances') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    specialists: await n('specialists'),
    schedules: await n('schedules'),
    instances: await n('instances'),
  };
}

export async function createSpecialist(
  server: TestServer,
  timezone = 'Europe/Berlin',
  name = 'Dr. Rivera',
): Promise<number> {
  const res = await server.request('POST', '/specialist', { name, timezone });
  if (res.status !== 201)
    throw new Error(`create specialist: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

/** The contract's example: Saturday clinic 09:00–17:00 weekly, from Saturday 5 December 2026. */
export const SATURDAY_CLINIC = {
  title: 'Saturday clinic',
  start_datetime: '2026-12-05T09:00:00',
  end_datetime: '2026-12-05T17:00:00',
  timezone: 'Europe/Berlin',
  recurrence_rule: 'FREQ=WEEKLY;BYDAY=SA',
};

export async function createSchedule(
  server: TestServer,
  specialistId: number,
  body: Record<string, unknown> = SATURDAY_CLINIC,
): Promise<number> {
  const res = await server.request(
    'POST',
    `/specialist/${specialistId}/schedules?allow_overlap=true`,
    body,
  );
  if (res.status !== 201)
    throw new Error(`create schedule: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

export function instancesPath(
  specialistId: number,
  start?: string,
  end?: string,
  extra = '',
): string {
  const q = new URLSearchParams();
  if (start) q.set('start_date', start);
  if (end) q.set('end_date', end);
  const qs = q.toString() + extra;
  return `/specialist/${specialistId}/calendar-instances${qs ? `?${qs}` : ''}`;
}

/** Occurrences stored more than once: (schedule, original start) pairs with several rows. Must be 0. */
export async function duplicateOccurrences(storage: Storage): Promise<number> {
  const rows = await storage.db
    .selectFrom('instances')
    .select(['schedule_id', 'original_start'])
    .groupBy(['schedule_id', 'original_start'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  return rows.length;
}
