import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedule, createSpecialist } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { blocksOn, fillScheduleForm, launchPageBrowser, openCalendar } from './page-harness.ts';

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

/** Mondays and Wednesdays 09:00–11:00 in Berlin from 7 December 2026. */
const DESK_HOURS = {
  title: 'Desk hours',
  start_datetime: '2026-12-07T09:00:00',
  end_datetime: '2026-12-07T11:00:00',
  timezone: 'Europe/Berlin',
  recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO,WE',
};
const WEDNESDAY = '2026-12-09';

/** What has keyboard focus: its text, the day it belongs to, its block and schedule ids. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const day = el?.closest<HTMLElement>('[data-date]')?.dataset.date ?? el?.dataset.date;
    return {
      text: (el?.textContent ?? '').trim(),
      inCalendar: Boolean(el?.closest('#calendar')),
      date: day ?? el?.dataset.start?.slice(0, 10) ?? null,
      eventId: el?.dataset.eventId ?? null,
      scheduleId: el?.dataset.scheduleId ?? null,
      tag: el?.tagName ?? null,
    };
  });
}

async function openWeek(title = 'Dr. Keys') {
  const id = await createSpecialist(server, 'Europe/Berlin', title);
  const sid = await createSchedule(server, id, DESK_HOURS);
  const { page } = await openCalendar(
    browser,
    server.baseUrl,
    `?specialist=${id}&date=${WEDNESDAY}&view=week`,
  );
  await expect.poll(() => blocksOn(page, WEDNESDAY).count()).toBe(1);
  return { id, sid, page };
}

/** Focuses Wednesday's block with the keyboard's own means and opens it with Enter. */
async function openWithKeyboard(page: Page) {
  const block = blocksOn(page, WEDNESDAY).first();
  await block.focus();
  const eventId = await block.getAttribute('data-event-id');
  await page.keyboard.press('Enter');
  const dialog = page.locator('#event-dialog');
  await expect.poll(() => dialog.locator('[data-series]').textContent()).toMatch(/^Series/);
  return { dialog, eventId };
}

describe('keyboard focus after each action', () => {
  it('reaches "Cancel this occurrence" in one Tab, and comes back to that day after it', async () => {
    const { page } = await openWeek('Dr. Keys Cancel');
    const { dialog } = await openWithKeyboard(page);
    expect((await focused(page)).text).toBe('Desk hours'); // the dialog's heading
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Cancel this occurrence');
    await page.keyboard.press('Enter');
    expect((await focused(page)).text).toBe('Click again to confirm');
    const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await page.keyboard.press('Enter');
    expect((await deleted).status()).toBe(204);
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => blocksOn(page, WEDNESDAY).count()).toBe(0);
    // The block is gone: focus is on Wednesday's heading in the grid, not on the page body.
    await expect
      .poll(() => focused(page))
      .toMatchObject({ inCalendar: true, date: WEDNESDAY, tag: 'TH' });
    await page.close();
  });

  it('keeps focus on the block after Escape and after saving the occurrence', async () => {
    const { page } = await openWeek('Dr. Keys Save');
    let { eventId } = await openWithKeyboard(page);
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(page)).toMatchObject({ eventId, inCalendar: true });

    ({ eventId } = await openWithKeyboard(page));
    await page.locator('#occurrence-form').getByLabel('Title').fill('Late desk');
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await page.keyboard.press('Enter'); // submits the form
    expect((await patched).status()).toBe(200);
    await expect.poll(() => blocksOn(page, WEDNESDAY).textContent()).toContain('Late desk');
    await expect.poll(() => focused(page)).toMatchObject({ eventId, inCalendar: true });
    await page.close();
  });

  it('puts focus on the series’ block that day after "Edit all"', async () => {
    const { page, sid } = await openWeek('Dr. Keys Edit');
    const { dialog } = await openWithKeyboard(page);
    await dialog.getByRole('button', { name: 'Edit all…' }).click();
    const form = page.locator('#schedule-dialog');
    await form.getByLabel('Start').fill('10:00');
    await form.getByLabel('End', { exact: true }).fill('12:00');
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await form.getByRole('button', { name: 'Save' }).click();
    expect((await patched).status()).toBe(200);
    await expect.poll(() => blocksOn(page, WEDNESDAY).textContent()).toContain('10:00 - 12:00');
    await expect
      .poll(() => focused(page))
      .toMatchObject({ inCalendar: true, scheduleId: String(sid), date: WEDNESDAY });
    await page.close();
  });

  it('puts focus on a new block once it is drawn', async () => {
    const { page } = await openWeek('Dr. Keys Create');
    await page.getByRole('button', { name: 'Add availability' }).click();
    await fillScheduleForm(page, {
      title: 'Walk-in',
      date: '2026-12-10',
      start: '13:00',
      end: '14:00',
    });
    const posted = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.keyboard.press('Enter');
    const created = (await (await posted).json()) as { id: number };
    await expect
      .poll(() => focused(page))
      .toMatchObject({ inCalendar: true, scheduleId: String(created.id), date: '2026-12-10' });
    await page.close();
  });

  it('leaves focus on the day after deleting the series', async () => {
    const { page } = await openWeek('Dr. Keys Delete');
    const { dialog } = await openWithKeyboard(page);
    const remove = dialog.getByRole('button', { name: 'Delete series' });
    await remove.focus();
    await page.keyboard.press('Enter');
    const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await page.keyboard.press('Enter');
    expect((await deleted).status()).toBe(204);
    await expect.poll(() => blocksOn(page, WEDNESDAY).count()).toBe(0);
    await expect.poll(() => focused(page)).toMatchObject({ inCalendar: true, date: WEDNESDAY });
    await page.close();
  });
});
