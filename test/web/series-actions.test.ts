import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createSchedule, createSpecialist } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  blocks,
  blocksOn,
  fillScheduleForm,
  launchPageBrowser,
  listed,
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

const WEEK = 'date=2026-12-07&view=week';

/** Mondays 09:00–11:00 in Berlin from 7 December 2026. */
const MONDAY_DESK = {
  title: 'Desk hours',
  start_datetime: '2026-12-07T09:00:00',
  end_datetime: '2026-12-07T11:00:00',
  timezone: 'Europe/Berlin',
  recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO',
};

/** Drags the first block of `fromDate`'s column to the same height in `toDate`'s column. */
async function dragBlock(page: Page, fromDate: string, toDate: string): Promise<void> {
  const from = (await blocksOn(page, fromDate).first().boundingBox())!;
  const to = (await page.locator(`.fc-timegrid-col[data-date="${toDate}"]`).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + 10);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + 10, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, from.y + 10, { steps: 10 });
  await page.mouse.up();
}

/** Clicks a block and waits until its dialog shows the loaded series. */
async function openBlock(page: Page, date: string) {
  await blocksOn(page, date).first().click();
  const dialog = page.locator('#event-dialog');
  await expect.poll(() => dialog.locator('[data-series]').textContent()).toMatch(/^Series/);
  return dialog;
}

describe('series and occurrence actions on the calendar page', () => {
  it('creates a one-off block by dragging over the grid', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Select');
    const { page } = await openCalendar(browser, server.baseUrl, `?specialist=${id}&${WEEK}`);
    const column = (await page.locator('.fc-timegrid-col[data-date="2026-12-09"]').boundingBox())!;
    const slot = async (time: string) =>
      (await page.locator(`.fc-timegrid-slot-lane[data-time="${time}"]`).boundingBox())!;
    const ten = await slot('10:00:00');
    const twelve = await slot('11:30:00');
    await page.mouse.move(column.x + column.width / 2, ten.y + 3);
    await page.mouse.down();
    await page.mouse.move(column.x + column.width / 2, ten.y + 20, { steps: 5 });
    await page.mouse.move(column.x + column.width / 2, twelve.y + twelve.height - 3, {
      steps: 10,
    });
    await page.mouse.up();
    const dialog = page.locator('#schedule-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByLabel('Date', { exact: true }).inputValue()).toBe('2026-12-09');
    expect(await dialog.getByLabel('Start').inputValue()).toBe('10:00');
    expect(await dialog.getByLabel('End', { exact: true }).inputValue()).toBe('12:00');
    expect(await dialog.getByLabel('Repeat').inputValue()).toBe('none');
    await dialog.getByLabel('Title').fill('Walk-in');
    const posted = page.waitForResponse((r) => r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const res = await posted;
    expect(res.status()).toBe(201);
    expect(res.request().postDataJSON()).toEqual({
      title: 'Walk-in',
      start_datetime: '2026-12-09T10:00:00',
      end_datetime: '2026-12-09T12:00:00',
      timezone: 'Europe/Berlin',
    });
    await expect.poll(() => blocksOn(page, '2026-12-09').count()).toBe(1);
    expect(await listed(server, id, '2026-12-07', '2026-12-13')).toEqual([
      '2026-12-09T10:00–12:00 Walk-in',
    ]);
    await page.close();
  });

  it('builds the repeat rules the form offers', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Rules');
    const { page } = await openCalendar(browser, server.baseUrl, `?specialist=${id}&${WEEK}`);
    const dialog = page.locator('#schedule-dialog');
    const rules: unknown[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') rules.push(r.postDataJSON().recurrence_rule);
    });
    const save = async () => {
      const posted = page.waitForResponse((r) => r.request().method() === 'POST');
      await dialog.getByRole('button', { name: 'Save' }).click();
      expect((await posted).status()).toBe(201);
      await expect.poll(() => dialog.isVisible()).toBe(false);
    };

    await page.getByRole('button', { name: 'Add availability' }).click();
    await fillScheduleForm(page, {
      title: 'Board',
      date: '2026-12-08',
      start: '13:00',
      end: '14:00',
    });
    await dialog.getByLabel('Repeat').selectOption('monthly-weekday');
    expect(await dialog.locator('[data-monthly-hint]').textContent()).toBe(
      'On the 2nd Tuesday of the month.',
    );
    await dialog.getByLabel('Ends').selectOption('count');
    await dialog.getByLabel('Occurrences').fill('3');
    await save();

    await page.getByRole('button', { name: 'Add availability' }).click();
    await fillScheduleForm(page, {
      title: 'Rota',
      date: '2026-12-10',
      start: '07:00',
      end: '08:00',
    });
    await dialog.getByLabel('Repeat').selectOption('weekly');
    await dialog.getByLabel('Every').fill('2');
    await dialog.getByLabel('Ends').selectOption('until');
    await dialog.getByLabel('End date').fill('2027-01-31');
    await save();

    await page.getByRole('button', { name: 'Add availability' }).click();
    await fillScheduleForm(page, {
      title: 'Payday',
      date: '2026-12-11',
      start: '18:00',
      end: '19:00',
    });
    await dialog.getByLabel('Repeat').selectOption('monthly-date');
    await save();

    expect(rules).toEqual([
      'FREQ=MONTHLY;BYDAY=2TU;COUNT=3',
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=20270131',
      'FREQ=MONTHLY;BYMONTHDAY=11',
    ]);
    expect(await listed(server, id, '2026-12-01', '2027-02-28')).toEqual([
      '2026-12-08T13:00–14:00 Board',
      '2026-12-10T07:00–08:00 Rota',
      '2026-12-11T18:00–19:00 Payday',
      '2026-12-24T07:00–08:00 Rota',
      '2027-01-07T07:00–08:00 Rota',
      '2027-01-11T18:00–19:00 Payday',
      '2027-01-12T13:00–14:00 Board',
      '2027-01-21T07:00–08:00 Rota',
      '2027-02-09T13:00–14:00 Board',
      '2027-02-11T18:00–19:00 Payday',
    ]);
    await expect.poll(() => blocks(page, 'Rota').count()).toBe(1);
    await page.close();
  });

  it('puts a dragged block back and names the clash when the move answers 409', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Clash');
    await createSchedule(server, id, MONDAY_DESK);
    await createSchedule(server, id, {
      title: 'Team meeting',
      start_datetime: '2026-12-08T09:30:00',
      end_datetime: '2026-12-08T10:30:00',
      timezone: 'Europe/Berlin',
    });
    const { page, ranges } = await openCalendar(
      browser,
      server.baseUrl,
      `?specialist=${id}&${WEEK}`,
    );
    await expect.poll(() => ranges.length).toBe(2); // shown and prefetched: rows settled
    await expect.poll(() => blocksOn(page, '2026-12-07').count()).toBe(1);
    const before = await countRows(server);
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await dragBlock(page, '2026-12-07', '2026-12-08');
    expect((await patched).status()).toBe(409);
    await expect
      .poll(() => page.locator('#error-text').textContent())
      .toBe('Not moved. Overlaps Team meeting, Tue 8 Dec 09:30–10:30. Nothing was changed.');
    await expect.poll(() => blocksOn(page, '2026-12-07').count()).toBe(1);
    expect(await blocksOn(page, '2026-12-08').count()).toBe(1);
    expect(await countRows(server)).toEqual(before);
    expect(await listed(server, id, '2026-12-07', '2026-12-13')).toEqual([
      '2026-12-07T09:00–11:00 Desk hours',
      '2026-12-08T09:30–10:30 Team meeting',
    ]);
    await page.close();
  });

  it('edits one occurrence in its dialog, then all of them, keeping the edited one', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Edit');
    await createSchedule(server, id, MONDAY_DESK);
    const { page } = await openCalendar(browser, server.baseUrl, `?specialist=${id}&${WEEK}`);
    let dialog = await openBlock(page, '2026-12-07');
    expect(await dialog.locator('[data-series]').textContent()).toContain(
      'Every week on Monday, 09:00–11:00',
    );
    const occurrence = dialog.locator('#occurrence-form');
    await occurrence.getByLabel('Title').fill('Late desk');
    await occurrence.getByLabel('Start').fill('13:00');
    await occurrence.getByLabel('End', { exact: true }).fill('14:30');
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await occurrence.getByRole('button', { name: 'Save this occurrence' }).click();
    const res = await patched;
    expect(res.status()).toBe(200);
    expect(new URL(res.url()).pathname).toMatch(new RegExp(`^/specialist/${id}/instances/\\d+$`));
    // Grid times go out with the grid's offset: the API reads the same instant in any zone.
    expect(res.request().postDataJSON()).toEqual({
      title: 'Late desk',
      start_datetime: '2026-12-07T13:00:00+01:00',
      end_datetime: '2026-12-07T14:30:00+01:00',
    });
    await expect.poll(() => blocks(page, 'Late desk').textContent()).toContain('13:00 - 14:30');

    await page.getByRole('button', { name: 'Next week' }).click();
    dialog = await openBlock(page, '2026-12-14');
    await dialog.getByRole('button', { name: 'Edit all…' }).click();
    const form = page.locator('#schedule-dialog');
    expect(await form.locator('h2').textContent()).toBe('Edit all occurrences');
    expect(await form.getByLabel('Date', { exact: true }).inputValue()).toBe('2026-12-07');
    await form.getByLabel('Title').fill('Front desk');
    await form.getByLabel('Start').fill('08:00');
    await form.getByLabel('End', { exact: true }).fill('10:00');
    const all = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await form.getByRole('button', { name: 'Save' }).click();
    const edited = await all;
    expect(edited.status()).toBe(200);
    expect(new URL(edited.url()).search).toBe('?scope=all');
    await expect.poll(() => blocks(page, 'Front desk').textContent()).toContain('08:00 - 10:00');
    expect(await listed(server, id, '2026-12-07', '2026-12-21')).toEqual([
      '2026-12-07T13:00–14:30 Late desk',
      '2026-12-14T08:00–10:00 Front desk',
      '2026-12-21T08:00–10:00 Front desk',
    ]);
    await page.close();
  });

  it('deletes this and following, then the whole series', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Delete');
    const sid = await createSchedule(server, id, {
      ...MONDAY_DESK,
      start_datetime: '2026-11-30T09:00:00',
      end_datetime: '2026-11-30T11:00:00',
    });
    const { page } = await openCalendar(browser, server.baseUrl, `?specialist=${id}&${WEEK}`);
    let dialog = await openBlock(page, '2026-12-07');
    await dialog.getByRole('button', { name: 'Delete this and following' }).click();
    const ended = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await dialog.getByRole('button', { name: 'Click again to confirm' }).click();
    const res = await ended;
    expect(res.status()).toBe(204);
    expect(new URL(res.url()).pathname + new URL(res.url()).search).toBe(
      `/specialist/${id}/schedules/${sid}?from=2026-12-07`,
    );
    await expect.poll(() => blocksOn(page, '2026-12-07').count()).toBe(0);
    expect(await listed(server, id, '2026-11-30', '2026-12-27')).toEqual([
      '2026-11-30T09:00–11:00 Desk hours',
    ]);

    await page.getByRole('button', { name: 'Previous week' }).click();
    dialog = await openBlock(page, '2026-11-30');
    // Escape closes the dialog and the armed button forgets its first click.
    await dialog.getByRole('button', { name: 'Delete series' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    dialog = await openBlock(page, '2026-11-30');
    await dialog.getByRole('button', { name: 'Delete series' }).click();
    const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await dialog.getByRole('button', { name: 'Click again to confirm' }).click();
    const gone = await deleted;
    expect(gone.status()).toBe(204);
    expect(new URL(gone.url()).search).toBe('');
    const stored = await server.request('GET', `/specialist/${id}/schedules/${sid}`);
    expect(stored.body.is_active).toBe(false);
    await page.close();
  });
});
