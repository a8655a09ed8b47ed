import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedule, createSpecialist } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { clientPage } from './booking-harness.ts';
import {
  blocksOn,
  DESKTOP,
  launchPageBrowser,
  openCalendar,
  PHONE,
  screenshot,
  sideScroll,
  type Viewport,
} from './page-harness.ts';

/**
 * The screenshots in docs/screenshots/, desktop and phone. Every run draws them and checks
 * that nothing spills sideways; the files are written only with RECURRA_SCREENSHOTS=1:
 *   RECURRA_SCREENSHOTS=1 npx vitest run test/web/screenshots.test.ts
 */
let browser: Browser;
let server: TestServer;
let id: number;
let service: number;

const ZONE = 'America/New_York';

beforeAll(async () => {
  browser = await launchPageBrowser();
  server = await startTestServer('sqlite');
  id = await createSpecialist(server, ZONE, 'Dr. Rivera');
  const block = (
    title: string,
    date: string,
    start: string,
    end: string,
    rule?: string,
    zone = ZONE,
  ) =>
    createSchedule(server, id, {
      title,
      start_datetime: `${date}T${start}:00`,
      end_datetime: `${date}T${end}:00`,
      timezone: zone,
      ...(rule ? { recurrence_rule: rule } : {}),
    });
  await block('Morning clinic', '2026-12-07', '09:00', '12:00', 'FREQ=WEEKLY;BYDAY=MO,WE,FR');
  await block(
    'Phone hours',
    '2026-12-01',
    '16:00',
    '17:30',
    'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261223',
  );
  await block('Second Tuesday board', '2026-12-08', '13:00', '15:00', 'FREQ=MONTHLY;BYDAY=2TU');
  await block('Saturday clinic', '2026-12-05', '09:00', '13:00', 'FREQ=WEEKLY;BYDAY=SA');
  await block('London call', '2026-12-10', '14:00', '15:00', undefined, 'Europe/London');
  // One occurrence moved by hand, so the legend has something to explain.
  const week = await server.request(
    'GET',
    `/specialist/${id}/calendar-instances?start_date=2026-12-07&end_date=2026-12-13`,
  );
  const friday = week.body.instances.find(
    (i: { title: string; start_datetime: string }) =>
      i.title === 'Morning clinic' && i.start_datetime.startsWith('2026-12-11'),
  );
  await server.request('PATCH', `/specialist/${id}/instances/${friday.id}`, {
    start_datetime: '2026-12-11T10:00:00',
    end_datetime: '2026-12-11T13:00:00',
  });
});

/** Bookings in the week of 14 December (the week above stays as it was), through the API. */
async function bookings(): Promise<void> {
  const res = await server.request('POST', `/specialist/${id}/services`, {
    name: 'Consultation',
    duration_minutes: 30,
    slot_step_minutes: 30,
    max_days_ahead: 90,
  });
  service = res.body.id as number;
  const book = async (start: string, name: string, email: string) => {
    const r = await server.request('POST', `/specialist/${id}/bookings`, {
      service_id: service,
      start_datetime: start,
      client: { name, email },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  };
  await book('2026-12-14T09:00:00-05:00', 'Ada Lovelace', 'ada@example.org');
  await book('2026-12-14T10:30:00-05:00', 'Grace Hopper', 'grace@example.org');
  await book('2026-12-16T09:30:00-05:00', 'Charles Babbage', 'charles@example.org');
  await book('2026-12-16T11:00:00-05:00', 'Katherine Johnson', 'katherine@example.org');
  await book('2026-12-16T16:30:00-05:00', 'Alan Turing', 'alan@example.org');
  await book('2026-12-17T16:00:00-05:00', 'Dorothy Vaughan', 'dorothy@example.org');
}

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function fits(page: Page, viewport: Viewport): Promise<void> {
  const { scrollWidth, innerWidth } = await sideScroll(page);
  expect(innerWidth).toBe(viewport.width);
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** Takes a screenshot with nothing focused or hovered that the reader would not see. */
async function shoot(page: Page, viewport: Viewport, name: string): Promise<void> {
  await page.mouse.move(0, viewport.height - 1);
  // Outside a dialog, no button keeps the focus ring of the click that led here.
  await page.evaluate(() => {
    if (!document.querySelector('dialog[open]'))
      (document.activeElement as HTMLElement | null)?.blur();
  });
  await fits(page, viewport);
  const png = await screenshot(page, name);
  expect(png.length).toBeGreaterThan(1000);
}

describe.each([
  ['desktop', DESKTOP, ''],
  ['phone', PHONE, 'phone-'],
] as const)('screenshots (%s)', (_, viewport, prefix) => {
  it('week (a day on the phone), list, month', async () => {
    const { page } = await openCalendar(
      browser,
      server.baseUrl,
      `?specialist=${id}&date=2026-12-10&view=week`,
      viewport,
    );
    await expect.poll(() => blocksOn(page, '2026-12-10').count()).toBe(2);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await shoot(page, viewport, viewport === PHONE ? `${prefix}day` : 'week');
    await page.getByRole('button', { name: 'List', exact: true }).click();
    await page.locator('.rc-list-item').first().waitFor();
    await shoot(page, viewport, `${prefix}list`);
    await page.getByRole('button', { name: 'Month', exact: true }).click();
    await page.locator('.fc-daygrid-event').first().waitFor();
    await shoot(page, viewport, `${prefix}month`);
    await page.close();
  });

  it('the create dialog and the block dialog', async () => {
    const { page } = await openCalendar(
      browser,
      server.baseUrl,
      `?specialist=${id}&date=2026-12-10&view=week`,
      viewport,
    );
    await expect.poll(() => blocksOn(page, '2026-12-10').count()).toBe(2);
    await page.getByRole('button', { name: 'Add availability' }).click();
    const form = page.locator('#schedule-dialog');
    await form.getByLabel('Title').fill('Evening clinic');
    await form.getByLabel('Date', { exact: true }).fill('2026-12-08');
    await form.getByLabel('Start').fill('18:00');
    await form.getByLabel('End', { exact: true }).fill('20:00');
    await form.getByLabel('Repeat').selectOption('weekly');
    await form.getByLabel('Thu', { exact: true }).check();
    await form.getByLabel('Ends').selectOption('count');
    await form.getByLabel('Occurrences').fill('6');
    await form.getByLabel('Time zone').selectOption('Europe/London');
    await form.getByLabel('Title').focus();
    await shoot(page, viewport, `${prefix}create-dialog`);
    await page.keyboard.press('Escape');
    await blocksOn(page, '2026-12-10').filter({ hasText: 'London call' }).click();
    const dialog = page.locator('#event-dialog');
    await expect.poll(() => dialog.locator('[data-series]').textContent()).toMatch(/^One-off/);
    await shoot(page, viewport, `${prefix}event-dialog`);
    await page.keyboard.press('Escape');
    await blocksOn(page, '2026-12-10').filter({ hasText: 'Phone hours' }).click();
    await expect.poll(() => dialog.locator('[data-series]').textContent()).toMatch(/^Series/);
    await shoot(page, viewport, `${prefix}series-dialog`);
    await page.close();
  });
});

describe.each([
  ['desktop', DESKTOP, ''],
  ['phone', PHONE, 'phone-'],
] as const)('screenshots of bookings (%s)', (_, viewport, prefix) => {
  beforeAll(async () => {
    if (service === undefined) await bookings();
  });

  it('the calendar with bookings and the day’s list', async () => {
    const { page } = await openCalendar(
      browser,
      server.baseUrl,
      `?specialist=${id}&date=2026-12-16&view=week`,
      viewport,
    );
    await expect
      .poll(() => page.locator('.fc-event.is-booking').count())
      .toBe(viewport === PHONE ? 3 : 6);
    if (viewport === DESKTOP)
      for (let i = 0; i < 2; i++)
        await page.locator('#day-bookings').getByRole('button', { name: 'Next day' }).click();
    await expect.poll(() => page.locator('#day-bookings .booking-item').count()).toBe(3);
    await shoot(page, viewport, `${prefix}calendar-bookings`);
    await page.close();
  });

  it('the booking page and its confirmation', async () => {
    const page = await clientPage(browser, viewport, ZONE);
    await page.goto(`${server.baseUrl}/book/${id}/${service}`);
    await page.locator('#slot-picker[data-state="ready"]').waitFor();
    await page.locator('.day[data-date="2026-12-18"]').click();
    await page.locator('.slot-list .slot').first().waitFor();
    await shoot(page, viewport, `${prefix}booking-page`);
    await page
      .getByRole('button', { name: viewport === PHONE ? '10:00' : '09:30', exact: true })
      .click();
    await page.locator('#details').waitFor();
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('E-mail').fill('ada@example.org');
    await page.getByLabel('Notes').fill('First visit');
    await page.getByRole('button', { name: 'Confirm booking' }).click();
    await page.locator('#done').waitFor();
    await shoot(page, viewport, `${prefix}booking-confirmation`);
    await page.context().close();
  });
});
