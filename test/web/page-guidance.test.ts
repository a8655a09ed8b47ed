import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedule, createSpecialist } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  blocks,
  blocksOn,
  launchPageBrowser,
  listed,
  newPage,
  openCalendar,
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

/** "Today" for the page and the server alike: Wednesday 2 December 2026 (see test-server.ts). */
const TODAY = '2026-12-02';

const open = (id: number, date: string, view = 'week') =>
  openCalendar(browser, server.baseUrl, `?specialist=${id}&date=${date}&view=${view}`);

describe('the page says what it is doing and what can be done', () => {
  it('"Add availability" starts today, or the first day of a later period, never a past day', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Today');
    const { page } = await open(id, TODAY, 'month');
    const dialog = page.locator('#schedule-dialog');
    const dateOfNew = async () => {
      await page.getByRole('button', { name: 'Add availability' }).click();
      const date = await dialog.getByLabel('Date', { exact: true }).inputValue();
      await page.keyboard.press('Escape');
      return date;
    };
    expect(await dateOfNew()).toBe(TODAY); // the month grid starts on 30 Nov, the month on 1 Dec
    await page.getByRole('button', { name: 'Next month' }).click();
    expect(await dateOfNew()).toBe('2027-01-01');
    await page.getByRole('button', { name: 'Week', exact: true }).click();
    await page.getByRole('button', { name: 'Previous week' }).click();
    await page.getByRole('button', { name: 'Previous week' }).click();
    await page.getByRole('button', { name: 'Previous week' }).click();
    await page.getByRole('button', { name: 'Previous week' }).click();
    await page.getByRole('button', { name: 'Previous week' }).click();
    expect(await page.locator('.fc-toolbar-title').textContent()).toBe('Nov 23 – 29, 2026');
    expect(await dateOfNew()).toBe(TODAY);
    await page.close();
  });

  it('presents a one-off block as a single event', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Single');
    const sid = await createSchedule(server, id, {
      title: 'Walk-in',
      start_datetime: '2026-12-09T10:00:00',
      end_datetime: '2026-12-09T11:00:00',
      timezone: 'Europe/Berlin',
    });
    const { page } = await open(id, '2026-12-07');
    await blocksOn(page, '2026-12-09').click();
    const dialog = page.locator('#event-dialog');
    await expect
      .poll(() => dialog.locator('[data-series]').textContent())
      .toBe('One-off event (Europe/Berlin).');
    const visible = async (name: string) =>
      dialog.getByRole('button', { name, exact: true }).isVisible();
    expect(await visible('Edit details…')).toBe(true);
    expect(await visible('Delete event')).toBe(true);
    for (const series of [
      'Edit all…',
      'Edit this and following…',
      'Delete series',
      'Cancel this occurrence',
    ])
      expect(await visible(series), series).toBe(false);
    // Saving the event changes the event itself: it is not drawn as an edited occurrence.
    const form = dialog.locator('#occurrence-form');
    await form.getByLabel('Start').fill('12:00');
    await form.getByLabel('End', { exact: true }).fill('13:00');
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    const res = await patched;
    expect(new URL(res.url()).pathname).toBe(`/specialist/${id}/schedules/${sid}`);
    await expect.poll(() => blocksOn(page, '2026-12-09').textContent()).toContain('12:00 - 13:00');
    expect(await blocksOn(page, '2026-12-09').getAttribute('class')).not.toContain('is-exception');
    await blocksOn(page, '2026-12-09').click();
    await expect.poll(() => visible('Delete event')).toBe(true);
    await dialog.getByRole('button', { name: 'Delete event' }).click();
    const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await dialog.getByRole('button', { name: 'Click again to confirm' }).click();
    expect((await deleted).status()).toBe(204);
    await expect.poll(() => blocksOn(page, '2026-12-09').count()).toBe(0);
    expect(await listed(server, id, '2026-12-07', '2026-12-13')).toEqual([]);
    await page.close();
  });

  it('says a resize resized, and shows a legend once a block is edited', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Resize');
    await createSchedule(server, id, {
      title: 'Desk hours',
      start_datetime: '2026-12-07T09:00:00',
      end_datetime: '2026-12-07T11:00:00',
      timezone: 'Europe/Berlin',
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO,WE',
    });
    const { page } = await open(id, '2026-12-07');
    const block = blocksOn(page, '2026-12-09');
    await expect.poll(() => block.count()).toBe(1);
    expect(await page.locator('#legend').isVisible()).toBe(false); // one kind of block: no legend
    const box = (await block.boundingBox())!;
    const half = (await page.locator('.fc-timegrid-slot-lane[data-time="11:00:00"]').boundingBox())!
      .height;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 10);
    const handle = (await block.locator('.fc-event-resizer-end').boundingBox())!;
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2, handle.y + half / 2, { steps: 4 });
    await page.mouse.move(handle.x + handle.width / 2, handle.y + half + 2, { steps: 6 });
    await page.mouse.up();
    expect((await patched).status()).toBe(200);
    await expect
      .poll(() => page.locator('#notice').textContent())
      .toBe('Occurrence now ends at 11:30.');
    await expect.poll(() => block.getAttribute('class')).toContain('is-exception');
    await expect.poll(() => page.locator('#legend').isVisible()).toBe(true);
    expect(await page.locator('#legend').innerText()).toContain('Edited occurrence');
    expect(await listed(server, id, '2026-12-09', '2026-12-09')).toEqual([
      '2026-12-09T09:00–11:30 Desk hours',
    ]);
    await page.close();
  });

  it('tells a first visit and an empty week how to add availability', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.baseUrl}/`);
    expect(await page.locator('#empty').innerText()).toContain('drag over the grid');
    await page.close();

    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Empty');
    const { page: week } = await open(id, '2026-12-07');
    const hint = week.locator('#grid-hint');
    await expect.poll(() => hint.isVisible()).toBe(true);
    expect(await hint.textContent()).toBe(
      'No availability this week yet. Drag over the grid to add some, or use “Add availability”.',
    );
    await createSchedule(server, id, {
      title: 'Now there is',
      start_datetime: '2026-12-08T09:00:00',
      end_datetime: '2026-12-08T10:00:00',
      timezone: 'Europe/Berlin',
    });
    await week.reload();
    await expect.poll(() => blocks(week, 'Now there is').count()).toBe(1);
    await expect.poll(() => hint.isVisible()).toBe(false);
    await week.close();
  });

  it('shows that the grid is loading, not an empty week', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Slow');
    await createSchedule(server, id, {
      title: 'Slow block',
      start_datetime: '2026-12-08T09:00:00',
      end_datetime: '2026-12-08T10:00:00',
      timezone: 'Europe/Berlin',
    });
    const page = await newPage(browser);
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/calendar-instances?**', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${server.baseUrl}/?specialist=${id}&date=2026-12-07&view=week`);
    const loading = page.locator('#grid-loading');
    await expect.poll(() => loading.isVisible()).toBe(true);
    expect(await page.locator('#calendar').getAttribute('aria-busy')).toBe('true');
    expect(await page.locator('#grid-hint').isVisible()).toBe(false);
    release();
    await expect.poll(() => blocks(page, 'Slow block').count()).toBe(1);
    await expect.poll(() => loading.isVisible()).toBe(false);
    expect(await page.locator('#calendar').getAttribute('aria-busy')).toBe('false');
    await page.close();
  });

  it('gives the offset of the week on screen and marks the day the clocks change', async () => {
    const id = await createSpecialist(server, 'America/New_York', 'Dr. Spring forward');
    const { page } = await open(id, '2027-03-15');
    const label = page.locator('#zone-label');
    await expect.poll(() => label.textContent()).toBe('Times in America/New_York (UTC−04:00)');
    await page.getByRole('button', { name: 'Previous week' }).click();
    await expect
      .poll(() => label.textContent())
      .toBe('Times in America/New_York (UTC−05:00; from Sun 14 Mar UTC−04:00)');
    const sunday = page.locator('th.fc-col-header-cell[data-date="2027-03-14"]');
    expect(await sunday.getAttribute('class')).toContain('has-clock-change');
    expect(await sunday.innerText()).toContain('clocks change');
    expect(await sunday.locator('.clock-change').getAttribute('title')).toBe(
      'Clocks change: UTC−05:00 → UTC−04:00',
    );
    const saturday = page.locator('th.fc-col-header-cell[data-date="2027-03-13"]');
    expect(await saturday.getAttribute('class')).not.toContain('has-clock-change');
    await page.close();
  });

  it('groups the clashes of a 409 by series', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Clashes');
    await createSchedule(server, id, {
      title: 'Weekly TT',
      start_datetime: '2026-12-08T09:00:00',
      end_datetime: '2026-12-08T10:00:00',
      timezone: 'Europe/Berlin',
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=2',
    });
    await createSchedule(server, id, {
      title: 'Monthly 2nd Tue',
      start_datetime: '2026-12-08T09:30:00',
      end_datetime: '2026-12-08T10:30:00',
      timezone: 'Europe/Berlin',
      recurrence_rule: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=12',
    });
    const { page } = await open(id, '2026-12-07');
    await page.getByRole('button', { name: 'Add availability' }).click();
    const form = page.locator('#schedule-dialog');
    await form.getByLabel('Title').fill('Daily early');
    await form.getByLabel('Date', { exact: true }).fill('2026-12-08');
    await form.getByLabel('Start').fill('09:00');
    await form.getByLabel('End', { exact: true }).fill('10:00');
    await form.getByLabel('Repeat').selectOption('daily');
    const posted = page.waitForResponse((r) => r.request().method() === 'POST');
    await form.getByRole('button', { name: 'Save' }).click();
    expect((await posted).status()).toBe(409);
    await expect
      .poll(() => form.locator('.form-error').textContent())
      .toBe(
        'Overlaps Weekly TT: 2 times, first Tue 8 Dec 09:00–10:00; Monthly 2nd Tue: 12 times, first Tue 8 Dec 09:30–10:30. Nothing was changed.',
      );
    await page.close();
  });
});
