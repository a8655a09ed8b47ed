import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSchedule, createSpecialist } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { apiSnapshot, blocksOn, launchPageBrowser, openCalendar } from './page-harness.ts';

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

/**
 * One schedule per repeat option the form offers (and a rule it can only keep as is), each
 * with a block on Wednesday 9 December 2026 at its own hour, in the specialist's zone.
 */
const REPEAT_OPTIONS = [
  ['does not repeat', null, 6],
  ['daily, until a date', 'FREQ=DAILY;UNTIL=20271114', 7],
  ['weekly on chosen days, a number of times', 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=8', 8],
  ['every 2 weeks, until a date', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;UNTIL=20270630', 9],
  ['monthly on the same date, never ending', 'FREQ=MONTHLY;BYMONTHDAY=9', 10],
  ['monthly on the same weekday, a number of times', 'FREQ=MONTHLY;BYDAY=2WE;COUNT=5', 11],
  ['a custom rule', 'FREQ=MONTHLY;BYDAY=2WE,4WE;UNTIL=20270401', 12],
] as const;

const WEDNESDAY = '2026-12-09';
const RANGE = ['2026-12-01', '2027-11-30'] as const;

/** Zones of every offset sign and shape: east, west, a half hour, across the date line. */
describe.each(['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'])(
  'a save that changes nothing changes nothing (%s)',
  (zone) => {
    let page: Page;
    let id: number;
    const ids = new Map<string, number>();
    const writes: string[] = [];

    beforeAll(async () => {
      id = await createSpecialist(server, zone, `Dr. Unchanged ${zone}`);
      for (const [name, rule, hour] of REPEAT_OPTIONS) {
        const h = String(hour).padStart(2, '0');
        ids.set(
          name,
          await createSchedule(server, id, {
            title: `${name} (${h})`,
            start_datetime: `${WEDNESDAY}T${h}:00:00`,
            end_datetime: `${WEDNESDAY}T${h}:45:00`,
            timezone: zone,
            ...(rule ? { recurrence_rule: rule } : {}),
          }),
        );
      }
      ({ page } = await openCalendar(
        browser,
        server.baseUrl,
        `?specialist=${id}&date=${WEDNESDAY}&view=week`,
      ));
      page.on('request', (r) => {
        if (r.method() !== 'GET') writes.push(`${r.method()} ${r.url()}`);
      });
    });

    afterAll(async () => {
      await page?.close();
    });

    /** Opens the block of `name` on Wednesday and waits for its schedule. */
    async function open(name: string) {
      await blocksOn(page, WEDNESDAY).filter({ hasText: name }).first().click();
      const dialog = page.locator('#event-dialog');
      await expect
        .poll(() => dialog.locator('[data-series]').textContent())
        .toMatch(/^(Series|One-off)/);
      return dialog;
    }

    it.each(REPEAT_OPTIONS.map(([name]) => name))('%s: Edit all, Save', async (name) => {
      const sid = ids.get(name)!;
      const before = await apiSnapshot(server, id, sid, ...RANGE);
      writes.length = 0;
      const dialog = await open(name);
      const single = name === 'does not repeat';
      await dialog.getByRole('button', { name: single ? 'Edit details…' : 'Edit all…' }).click();
      const form = page.locator('#schedule-dialog');
      await form.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => form.isVisible()).toBe(false);
      await expect.poll(() => page.locator('#notice').textContent()).toBe('Nothing was changed.');
      expect(writes).toEqual([]);
      expect(await apiSnapshot(server, id, sid, ...RANGE)).toEqual(before);
    });

    it.each(REPEAT_OPTIONS.filter(([, rule]) => rule).map(([name]) => name))(
      '%s: Edit this and following, Save',
      async (name) => {
        const sid = ids.get(name)!;
        const before = await apiSnapshot(server, id, sid, ...RANGE);
        writes.length = 0;
        const dialog = await open(name);
        await dialog.getByRole('button', { name: 'Edit this and following…' }).click();
        const form = page.locator('#schedule-dialog');
        await form.getByRole('button', { name: 'Save' }).click();
        await expect.poll(() => form.isVisible()).toBe(false);
        expect(writes).toEqual([]);
        expect(await apiSnapshot(server, id, sid, ...RANGE)).toEqual(before);
      },
    );

    it.each(REPEAT_OPTIONS.map(([name]) => name))(
      '%s: Edit all, a new title, Save: only the title changes',
      async (name) => {
        const sid = ids.get(name)!;
        const before = await apiSnapshot(server, id, sid, ...RANGE);
        const dialog = await open(name);
        const single = name === 'does not repeat';
        await dialog.getByRole('button', { name: single ? 'Edit details…' : 'Edit all…' }).click();
        const form = page.locator('#schedule-dialog');
        const oldTitle = await form.getByLabel('Title').inputValue();
        const newTitle = `${oldTitle} ✓`;
        await form.getByLabel('Title').fill(newTitle);
        const sent = page.waitForResponse((r) => r.request().method() === 'PATCH');
        await form.getByRole('button', { name: 'Save' }).click();
        const res = await sent;
        expect(res.status()).toBe(200);
        expect(res.request().postDataJSON()).toEqual({ title: newTitle });
        const after = await apiSnapshot(server, id, sid, ...RANGE);
        const retitled = (text: string) => text.replaceAll(`"${oldTitle}"`, `"${newTitle}"`);
        const withoutUpdate = (text: string) => text.replace(/"updated_at":"[^"]*"/, '');
        expect(withoutUpdate(after.schedule)).toBe(withoutUpdate(retitled(before.schedule)));
        expect(after.instances).toBe(retitled(before.instances));
        await expect
          .poll(() => blocksOn(page, WEDNESDAY).filter({ hasText: newTitle }).count())
          .toBe(1);
      },
    );

    it('the occurrence form, Save', async () => {
      const name = REPEAT_OPTIONS[2][0];
      const sid = ids.get(name)!;
      const before = await apiSnapshot(server, id, sid, ...RANGE);
      writes.length = 0;
      const dialog = await open(name);
      await dialog.getByRole('button', { name: 'Save this occurrence' }).click();
      await expect.poll(() => dialog.isVisible()).toBe(false);
      expect(writes).toEqual([]);
      expect(await apiSnapshot(server, id, sid, ...RANGE)).toEqual(before);
    });
  },
);
