import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedule, createSpecialist } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { launchPageBrowser, newPage, openCalendar, PHONE, sideScroll } from './page-harness.ts';

let browser: Browser;
let server: TestServer;
let id: number;

/** A name longer than a phone is wide: the drop-down must not take its width. */
const LONG_NAME = 'Dr. Maximiliana Alexandrovna Featherstonehaugh-Worthington';

beforeAll(async () => {
  browser = await launchPageBrowser();
  server = await startTestServer('sqlite');
  id = await createSpecialist(server, 'America/New_York', LONG_NAME);
  await createSchedule(server, id, {
    title: 'Morning clinic',
    start_datetime: '2026-12-07T09:00:00',
    end_datetime: '2026-12-07T12:00:00',
    timezone: 'America/New_York',
    recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
  });
  await createSchedule(server, id, {
    title: 'London call with the whole editorial board',
    start_datetime: '2026-12-09T14:00:00',
    end_datetime: '2026-12-09T15:00:00',
    timezone: 'Europe/London',
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Nothing is wider than the phone, and an open dialog fills the screen without spilling. */
async function expectFits(page: Page, what: string): Promise<void> {
  const { scrollWidth, innerWidth } = await sideScroll(page);
  expect(innerWidth, what).toBe(PHONE.width);
  expect(scrollWidth, `${what}: document width`).toBeLessThanOrEqual(innerWidth);
  const dialog = page.locator('dialog[open]');
  if ((await dialog.count()) === 0) return;
  const box = (await dialog.boundingBox())!;
  expect(box.x, `${what}: dialog left`).toBeGreaterThanOrEqual(0);
  expect(box.width, `${what}: dialog width`).toBe(PHONE.width);
  expect(box.height, `${what}: dialog height`).toBe(PHONE.height);
  const inner = await dialog.evaluate((d) => d.scrollWidth - d.clientWidth);
  expect(inner, `${what}: dialog scrolls sideways`).toBeLessThanOrEqual(0);
}

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

describe('the page on a phone (375×812)', () => {
  it('scrolls sideways on no screen and no dialog', async () => {
    const page = await newPage(browser, PHONE);
    await page.goto(`${server.baseUrl}/`);
    await page.locator('#empty').waitFor();
    await expectFits(page, 'first visit');
    await button(page, 'New specialist').click();
    await expectFits(page, 'new specialist dialog');
    await page.keyboard.press('Escape');

    await page.goto(`${server.baseUrl}/?specialist=${id}&date=2026-12-09&view=week`);
    await page.locator('.fc-event').first().waitFor();
    await expectFits(page, 'day view');
    await button(page, 'List').click();
    await page.locator('.rc-list-item').first().waitFor();
    await expectFits(page, 'list of the week');
    await button(page, 'Month').click();
    await page.locator('.fc-daygrid-event').first().waitFor();
    await expectFits(page, 'month view');

    await button(page, 'Add availability').click();
    const form = page.locator('#schedule-dialog');
    await form.getByLabel('Repeat').selectOption('weekly');
    await form.getByLabel('Ends').selectOption('until');
    await form.getByLabel('Time zone').selectOption('America/North_Dakota/New_Salem');
    await expectFits(page, 'create dialog');
    await page.keyboard.press('Escape');

    await button(page, 'List').click();
    await page.locator('.rc-list-item', { hasText: 'London call' }).click();
    const dialog = page.locator('#event-dialog');
    await expect.poll(() => dialog.locator('[data-series]').textContent()).toMatch(/^One-off/);
    await expectFits(page, 'event dialog');
    await button(page, 'Edit details…').click();
    await expectFits(page, 'edit dialog');
    await page.keyboard.press('Escape');

    await page.evaluate(() =>
      (document.getElementById('token-dialog') as HTMLDialogElement).showModal(),
    );
    await expectFits(page, 'token dialog');
    await page.keyboard.press('Escape');

    await page.route('**/calendar-instances?**', (route) => route.abort('connectionfailed'));
    await page.goto(`${server.baseUrl}/?specialist=${id}&date=2026-12-09&view=list`);
    await page.locator('#error').waitFor();
    await expectFits(page, 'error banner');
    await page.close();
  });

  it('shows a day instead of seven 38 px columns, with the list and the month a tap away', async () => {
    const { page } = await openCalendar(
      browser,
      server.baseUrl,
      `?specialist=${id}&date=2026-12-09&view=week`,
      PHONE,
    );
    const columns = page.locator('.fc-timegrid-col[data-date]');
    await expect.poll(() => columns.count()).toBe(1);
    expect(await columns.getAttribute('data-date')).toBe('2026-12-09');
    expect((await columns.boundingBox())!.width).toBeGreaterThan(280);
    expect(new URL(page.url()).searchParams.get('view')).toBe('day');
    // A compact header: the grid starts high on the screen.
    const top = (await page.locator('.fc-timegrid-slots').boundingBox())!.y;
    expect(top).toBeLessThan(200);
    // Titles are whole, not cut to "Morn".
    const title = page
      .locator('.fc-event', { hasText: 'Morning clinic' })
      .locator('.fc-event-title');
    expect(await title.evaluate((t) => t.scrollWidth <= t.clientWidth)).toBe(true);

    await button(page, 'List').click();
    await expect.poll(() => page.locator('.rc-list-day').count()).toBe(7);
    expect(await page.locator('.rc-list-date').allTextContents()).toEqual([
      'Mon 7 Dec',
      'Tue 8 Dec',
      'Wed 9 Dec',
      'Thu 10 Dec',
      'Fri 11 Dec',
      'Sat 12 Dec',
      'Sun 13 Dec',
    ]);
    expect(new URL(page.url()).searchParams.get('view')).toBe('list');
    await page.getByRole('button', { name: 'Add availability on Thu 10 Dec' }).click();
    const form = page.locator('#schedule-dialog');
    expect(await form.getByLabel('Date', { exact: true }).inputValue()).toBe('2026-12-10');
    await page.keyboard.press('Escape');
    await page.locator('.rc-list-item', { hasText: 'Morning clinic' }).first().click();
    await expect.poll(() => page.locator('#event-dialog').isVisible()).toBe(true);
    await page.keyboard.press('Escape');

    await button(page, 'Month').click();
    const titles = page.locator('.fc-daygrid-event .fc-event-title');
    await expect.poll(() => titles.count()).toBeGreaterThan(10);
    for (const box of await titles.evaluateAll((all) =>
      all.map((t) => ({ text: t.textContent, width: t.getBoundingClientRect().width })),
    )) {
      expect(box.text).not.toBe('');
      expect(box.width).toBeGreaterThan(30);
    }
    await page.close();
  });
});
