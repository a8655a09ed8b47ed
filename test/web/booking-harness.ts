import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { createSchedule, createSpecialist } from '../support/fixtures.ts';
import { NOW, type TestServer } from '../support/test-server.ts';
import { DESKTOP, sideScroll, type Viewport } from './page-harness.ts';

/** One specialist with weekday mornings and one bookable service, made over the API. */
export interface BookingSetup {
  readonly specialist: number;
  readonly service: number;
  readonly zone: string;
}

/**
 * A specialist in `zone` with weekday availability 09:00–12:00 from Monday 7 December 2026 and
 * a 30-minute "Consultation" every 15 minutes (unless `service` says otherwise).
 */
export async function bookableSpecialist(
  server: TestServer,
  options: {
    zone?: string;
    name?: string;
    schedule?: Record<string, unknown>;
    service?: Record<string, unknown>;
  } = {},
): Promise<BookingSetup> {
  const zone = options.zone ?? 'Europe/Berlin';
  const specialist = await createSpecialist(server, zone, options.name ?? 'Dr. Rivera');
  await createSchedule(server, specialist, {
    title: 'Morning clinic',
    start_datetime: '2026-12-07T09:00:00',
    end_datetime: '2026-12-07T12:00:00',
    timezone: zone,
    recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
    ...options.schedule,
  });
  const res = await server.request('POST', `/specialist/${specialist}/services`, {
    name: 'Consultation',
    duration_minutes: 30,
    slot_step_minutes: 15,
    ...options.service,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { specialist, service: res.body.id as number, zone };
}

/**
 * A page in its own browser context: the viewport, the client's time zone, and the browser's
 * clock pinned to the suite's "now" (as the server's), so "today" never depends on the run day.
 */
export async function clientPage(
  browser: Browser,
  viewport: Viewport = DESKTOP,
  timezoneId = 'Europe/Berlin',
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    timezoneId,
    acceptDownloads: true,
    ...(viewport.width < 640 ? { hasTouch: true } : {}),
  });
  const page = await context.newPage();
  await page.clock.setFixedTime(NOW);
  return page;
}

/** Opens a booking page and waits until its month of slots is drawn. */
export async function openBooking(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await slotsReady(page);
}

/** Waits until the slot picker shows a month (after a load or a reload). */
export async function slotsReady(page: Page, picker = '#slot-picker'): Promise<void> {
  await page.locator(`${picker}[data-state="ready"]`).waitFor();
}

/** Chooses a day in the month picker by its local date. */
export async function chooseDay(page: Page, date: string, picker = '#slot-picker'): Promise<void> {
  await page.locator(`${picker} .day[data-date="${date}"]`).click();
  await expect
    .poll(() => page.locator(`${picker} .day[aria-pressed="true"]`).getAttribute('data-date'))
    .toBe(date);
}

/** The chosen day's slot buttons' texts. */
export function slotTexts(page: Page, picker = '#slot-picker'): Promise<string[]> {
  return page.locator(`${picker} .slot-list .slot`).allTextContents();
}

/** Fills the details form and confirms. */
export async function fillDetails(
  page: Page,
  who: { name: string; email: string; notes?: string },
): Promise<void> {
  const form = page.locator('#details-form');
  await form.getByLabel('Name').fill(who.name);
  await form.getByLabel('E-mail').fill(who.email);
  if (who.notes) await form.getByLabel('Notes').fill(who.notes);
  await form.getByRole('button', { name: 'Confirm booking' }).click();
}

/** Nothing scrolls sideways at the page's viewport. */
export async function expectNoSideScroll(page: Page, what: string): Promise<void> {
  const { scrollWidth, innerWidth } = await sideScroll(page);
  expect(scrollWidth, `${what}: document width`).toBeLessThanOrEqual(innerWidth);
}

/** The specialist's bookings (the admin's view, no token in these tests) over a local range. */
export async function apiBookings(
  server: TestServer,
  specialist: number,
  start: string,
  end: string,
  cancelled = false,
): Promise<
  {
    id: number;
    start_datetime: string;
    status: string;
    service_id: number;
    client: { name: string; email: string };
    notes: string | null;
  }[]
> {
  const q = new URLSearchParams({ start_date: start, end_date: end });
  if (cancelled) q.set('include_cancelled', 'true');
  const res = await server.request('GET', `/specialist/${specialist}/bookings?${q.toString()}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.bookings;
}

/** Live holds left in the database (a hold that became a booking is gone). */
export async function holdsLeft(server: TestServer): Promise<number> {
  const row = await server.db.storage.db
    .selectFrom('holds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Books a slot straight through the API; returns the booking with its cancel token. */
export async function bookThroughApi(
  server: TestServer,
  setup: BookingSetup,
  start: string,
  name = 'Grace Hopper',
): Promise<{ id: number; cancel_token: string; start_datetime: string }> {
  const res = await server.request('POST', `/specialist/${setup.specialist}/bookings`, {
    service_id: setup.service,
    start_datetime: start,
    client: { name, email: 'grace@example.org' },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
