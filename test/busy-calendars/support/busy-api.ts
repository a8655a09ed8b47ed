import { plusDays } from '../../support/dates.ts';
import type { TestServer } from '../../support/test-server.ts';

/** Adds a busy calendar over HTTP and returns its JSON (201 expected). */
export async function addBusyCalendar(
  server: TestServer,
  specialistId: number,
  url: string,
  name = 'Work',
): Promise<{ id: number; [field: string]: unknown }> {
  const res = await server.request('POST', `/specialist/${specialistId}/busy-calendars`, {
    url,
    name,
  });
  if (res.status !== 201)
    throw new Error(`add busy calendar: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Availability every day 08:00–20:00 Berlin from Monday 7 December 2026, and a 30-minute service. */
export async function dailyAvailability(server: TestServer, specialistId: number): Promise<number> {
  const schedule = await server.request('POST', `/specialist/${specialistId}/schedules`, {
    title: 'Open',
    start_datetime: '2026-12-07T08:00',
    end_datetime: '2026-12-07T20:00',
    timezone: 'Europe/Berlin',
    recurrence_rule: 'FREQ=DAILY',
  });
  if (schedule.status !== 201) throw new Error(`schedule: ${JSON.stringify(schedule.body)}`);
  const service = await server.request('POST', `/specialist/${specialistId}/services`, {
    name: 'Consultation',
    duration_minutes: 30,
    max_days_ahead: 365,
  });
  if (service.status !== 201) throw new Error(`service: ${JSON.stringify(service.body)}`);
  return service.body.id as number;
}

/** The half hours 08:00 … 19:30 of a day, the full grid of `dailyAvailability`. */
const GRID = Array.from({ length: 24 }, (_, i) => {
  const minutes = 8 * 60 + i * 30;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${minutes % 60 ? '30' : '00'}`;
});

/**
 * The slots of `dailyAvailability` missing from `GET …/slots` over the local days `[start, end]`,
 * as local `YYYY-MM-DDTHH:MM`: exactly what something blocks.
 */
export async function missingSlots(
  server: TestServer,
  specialistId: number,
  serviceId: number,
  start: string,
  end: string,
): Promise<string[]> {
  const q = new URLSearchParams({
    service_id: String(serviceId),
    start_date: start,
    end_date: end,
  });
  const res = await server.request('GET', `/specialist/${specialistId}/slots?${q}`);
  if (res.status !== 200) throw new Error(`slots: ${res.status} ${JSON.stringify(res.body)}`);
  const offered = new Set(
    (res.body.slots as Array<{ start_datetime: string }>).map((s) => s.start_datetime.slice(0, 16)),
  );
  const missing: string[] = [];
  for (let day = start; day <= end; day = plusDays(day, 1))
    for (const time of GRID) if (!offered.has(`${day}T${time}`)) missing.push(`${day}T${time}`);
  return missing;
}
