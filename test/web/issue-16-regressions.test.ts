import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedule, createSpecialist } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  blocksOn,
  DESKTOP,
  fillScheduleForm,
  launchPageBrowser,
  listed,
  openCalendar,
  PHONE,
  slotTop,
  type Viewport,
} from './page-harness.ts';

let browser: Browser;
let server: TestServer;

beforeAll(async () => {
  browser = await launchPageBrowser();
  server = await startTestServer('sqlite');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The series: Tue/Thu 13–15 in Berlin, six times from Tue 1 Dec 2026 (to 17 Dec). */
const TUE_THU_SIX_TIMES = {
  title: 'Weekly TT',
  start_datetime: '2026-12-01T13:00:00',
  end_datetime: '2026-12-01T15:00:00',
  timezone: 'Europe/Berlin',
  recurrence_rule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6',
};

/** The New York series: daily 09:00 until 14 Nov 2027 (stored as UNTIL=20271115T045959Z). */
const DAILY_UNTIL_14_NOV_NEW_YORK = {
  title: 'Early desk',
  start_datetime: '2026-12-01T09:00:00',
  end_datetime: '2026-12-01T10:00:00',
  timezone: 'America/New_York',
  recurrence_rule: 'FREQ=DAILY;UNTIL=20271114',
};

/** The week view on a desktop, the day view on a phone, showing `date`. */
const query = (id: number, viewport: Viewport, date: string) =>
  `?specialist=${id}&date=${date}&view=${viewport === PHONE ? 'day' : 'week'}`;

/** Opens a block's dialog and waits until its series is loaded. */
async function openBlock(page: Page, date: string, title: string) {
  await blocksOn(page, date).filter({ hasText: title }).first().click();
  const dialog = page.locator('#event-dialog');
  await expect
    .poll(() => dialog.locator('[data-series]').textContent())
    .toMatch(/^(Series|One-off)/);
  return dialog;
}

/** Clicks Save in the schedule dialog and returns the write it made. */
async function save(page: Page, method = 'PATCH') {
  const sent = page.waitForResponse((r) => r.request().method() === method);
  await page.locator('#schedule-dialog').getByRole('button', { name: 'Save' }).click();
  return sent;
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('issue 16 on a %s', (name, viewport) => {
  it('"Edit this and following" of a COUNT series adds no occurrence', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', `Dr. Count (${name})`);
    await createSchedule(server, id, TUE_THU_SIX_TIMES);
    const { page } = await openCalendar(
      browser,
      server.baseUrl,
      query(id, viewport, '2026-12-10'),
      viewport,
    );
    const dialog = await openBlock(page, '2026-12-10', 'Weekly TT');
    await dialog.getByRole('button', { name: 'Edit this and following…' }).click();
    const form = page.locator('#schedule-dialog');
    expect(await form.getByLabel('Date', { exact: true }).inputValue()).toBe('2026-12-10');
    // What is left of the six: 10, 15 and 17 December.
    expect(await form.getByLabel('Occurrences').inputValue()).toBe('3');
    await form.getByLabel('Start').fill('14:00');
    await form.getByLabel('End', { exact: true }).fill('16:00');
    const res = await save(page);
    expect(res.status()).toBe(200);
    expect(res.url()).toContain('scope=following&from=2026-12-10');
    expect(res.request().postDataJSON()).toEqual({
      start_datetime: '2026-12-10T14:00:00',
      end_datetime: '2026-12-10T16:00:00',
    });
    const stored = (await res.json()) as { schedule: { recurrence_rule: string } };
    expect(stored.schedule.recurrence_rule).toContain('COUNT=3');
    expect(await listed(server, id, '2026-11-30', '2027-01-31')).toEqual([
      '2026-12-01T13:00–15:00 Weekly TT',
      '2026-12-03T13:00–15:00 Weekly TT',
      '2026-12-08T13:00–15:00 Weekly TT',
      '2026-12-10T14:00–16:00 Weekly TT',
      '2026-12-15T14:00–16:00 Weekly TT',
      '2026-12-17T14:00–16:00 Weekly TT',
    ]);
    await page.close();
  });

  it('reads UNTIL in the schedule’s zone: a title-only save keeps the end date', async () => {
    const id = await createSpecialist(server, 'America/New_York', `Dr. Until (${name})`);
    const sid = await createSchedule(server, id, DAILY_UNTIL_14_NOV_NEW_YORK);
    const path = `/specialist/${id}/schedules/${sid}`;
    const rule = (await server.request('GET', path)).body.recurrence_rule as string;
    expect(rule).toContain('UNTIL=20271115T045959Z'); // the end of 14 Nov in New York
    const { page } = await openCalendar(
      browser,
      server.baseUrl,
      query(id, viewport, '2027-11-14'),
      viewport,
    );
    for (const title of ['Early desk (NY)', 'Front desk']) {
      const dialog = await openBlock(page, '2027-11-14', '');
      expect(await dialog.locator('[data-series]').textContent()).toContain('until 2027-11-14');
      await dialog.getByRole('button', { name: 'Edit all…' }).click();
      const form = page.locator('#schedule-dialog');
      expect(await form.getByLabel('End date').inputValue()).toBe('2027-11-14');
      await form.getByLabel('Title').fill(title);
      const res = await save(page);
      expect(res.status()).toBe(200);
      expect(res.request().postDataJSON()).toEqual({ title });
      expect((await server.request('GET', path)).body.recurrence_rule).toBe(rule);
      await expect
        .poll(() => blocksOn(page, '2027-11-14').filter({ hasText: title }).count())
        .toBe(1);
    }
    expect(await listed(server, id, '2027-11-13', '2027-11-16')).toEqual([
      '2027-11-13T09:00–10:00 Front desk',
      '2027-11-14T09:00–10:00 Front desk',
    ]);
    await page.close();
  });

  it('draws a block kept in another zone at its real time on the grid', async () => {
    const id = await createSpecialist(server, 'Europe/London', `Dr. London (${name})`);
    const { page } = await openCalendar(
      browser,
      server.baseUrl,
      query(id, viewport, '2026-12-23'),
      viewport,
    );
    await page.getByRole('button', { name: 'Add availability' }).click();
    const form = page.locator('#schedule-dialog');
    await fillScheduleForm(page, {
      title: 'NY-zone call',
      date: '2026-12-23',
      start: '09:00',
      end: '10:00',
    });
    await form.getByLabel('Time zone').selectOption('America/New_York');
    await expect
      .poll(() => form.locator('[data-zone-hint]').textContent())
      .toBe('On the calendar (Europe/London): 14:00–15:00.');
    const created = await save(page, 'POST');
    expect(created.status()).toBe(201);
    expect(await listed(server, id, '2026-12-23', '2026-12-23')).toEqual([
      '2026-12-23T09:00–10:00 NY-zone call', // 09:00 in New York…
    ]);
    const block = blocksOn(page, '2026-12-23').filter({ hasText: 'NY-zone call' });
    await expect.poll(() => block.count()).toBe(1);
    // …is 14:00–15:00 on the London grid: the time it shows, and where it sits on the axis.
    expect(await block.locator('.fc-event-time').textContent()).toBe('14:00 - 15:00');
    const box = (await block.boundingBox())!;
    expect(Math.abs(box.y - (await slotTop(page, '14:00:00')))).toBeLessThanOrEqual(2);
    expect(Math.abs(box.y + box.height - (await slotTop(page, '15:00:00')))).toBeLessThanOrEqual(3);

    // London 14:00–15:00 clashes, and the message says so in London time.
    await page.getByRole('button', { name: 'Add availability' }).click();
    await fillScheduleForm(page, {
      title: 'London call',
      date: '2026-12-23',
      start: '14:00',
      end: '15:00',
    });
    expect((await save(page, 'POST')).status()).toBe(409);
    await expect
      .poll(() => form.locator('.form-error').textContent())
      .toBe('Overlaps NY-zone call, Wed 23 Dec 14:00–15:00. Nothing was changed.');
    await page.close();
  });
});
