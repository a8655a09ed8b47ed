import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countRows,
  createSchedule,
  createSpecialist,
  SATURDAY_CLINIC,
} from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  blocks,
  fillScheduleForm,
  launchPageBrowser,
  listed,
  openCalendar as openOn,
} from './page-harness.ts';

let browser: Browser;
let server: TestServer;

/** Rows created by views and 304 answers so far, from the server's own metrics. */
async function viewCounters(): Promise<{ created: number; notModified: number }> {
  const text = (await server.request('GET', '/metrics')).body as string;
  const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  return {
    created: value(/^recurra_instances_created_total (\d+)$/m),
    notModified: value(
      /^recurra_http_request_duration_seconds_count\{route="\/specialist\/:id\/calendar-instances",method="GET",status="304"\} (\d+)$/m,
    ),
  };
}

beforeAll(async () => {
  browser = await launchPageBrowser();
  server = await startTestServer('sqlite');
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const openCalendar = (base: string, query: string) => openOn(browser, base, query);

describe('the calendar page in Chromium', () => {
  it('serves the page at / and keeps API 404s as JSON', async () => {
    const page = await server.request('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const bundle = await server.request('GET', '/build/app.js');
    expect(bundle.status).toBe(200);
    const missing = await server.request('GET', '/build/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const unknown = await server.request('GET', '/no-such-page');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    expect((await server.request('GET', '/specialist')).status).toBe(200);
  });

  it('creates a specialist with an IANA zone and keeps the choice in the URL', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/?date=2026-12-07`);
    await page.getByRole('button', { name: 'New specialist' }).click();
    const dialog = page.locator('#specialist-dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Dr. Lord Howe');
    await dialog.getByLabel('Time zone').selectOption('Australia/Lord_Howe');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect
      .poll(() => page.locator('#zone-label').textContent())
      .toContain('Australia/Lord_Howe');
    const id = Number(new URL(page.url()).searchParams.get('specialist'));
    const stored = await server.request('GET', `/specialist/${id}`);
    expect(stored.body).toMatchObject({ name: 'Dr. Lord Howe', timezone: 'Australia/Lord_Howe' });
    expect(await page.locator('#specialist-select').inputValue()).toBe(String(id));
    await page.locator('.fc-timegrid').waitFor();
    expect(await page.locator('.fc-toolbar-title').textContent()).toContain('7');
    await page.close();
  });

  it('creates a weekly schedule through the form and shows its blocks', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Form');
    const { page } = await openCalendar(
      server.baseUrl,
      `?specialist=${id}&date=2026-12-07&view=week`,
    );
    await expect.poll(() => page.locator('#zone-label').textContent()).toContain('Europe/Berlin');
    await page.getByRole('button', { name: 'Add availability' }).click();
    const dialog = page.locator('#schedule-dialog');
    await fillScheduleForm(page, {
      title: 'Morning clinic',
      date: '2026-12-07',
      start: '09:00',
      end: '12:00',
    });
    await dialog.getByLabel('Repeat').selectOption('weekly');
    await dialog.getByLabel('Wed').check();
    await dialog.getByLabel('Ends').selectOption('count');
    await dialog.getByLabel('Occurrences').fill('6');
    const posted = page.waitForResponse((r) => r.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const res = await posted;
    expect(res.status()).toBe(201);
    expect(res.request().postDataJSON()).toEqual({
      title: 'Morning clinic',
      start_datetime: '2026-12-07T09:00:00',
      end_datetime: '2026-12-07T12:00:00',
      timezone: 'Europe/Berlin',
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=6',
    });
    await expect.poll(() => blocks(page, 'Morning clinic').count()).toBe(2);
    expect(await dialog.isVisible()).toBe(false);
    // Escape closes a dialog.
    await page.getByRole('button', { name: 'Add availability' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.close();
  });

  it('asks for exactly the visible ranges, prefetches the next, and a revisit creates nothing', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Ranges');
    await createSchedule(server, id, SATURDAY_CLINIC);
    const before = await viewCounters();
    const { page, ranges, responses } = await openCalendar(
      server.baseUrl,
      `?specialist=${id}&date=2026-12-07&view=week`,
    );
    const W1 = '2026-12-07..2026-12-13';
    const W2 = '2026-12-14..2026-12-20';
    const W3 = '2026-12-21..2026-12-27';
    await expect.poll(() => ranges).toEqual([W1, W2]); // shown, then the next one prefetched
    await expect.poll(() => blocks(page, 'Saturday clinic').count()).toBe(1);
    await page.getByRole('button', { name: 'Next week' }).click();
    await expect.poll(() => ranges).toEqual([W1, W2, W2, W3]);
    expect(new URL(page.url()).searchParams.get('date')).toBe('2026-12-14');
    await page.getByRole('button', { name: 'Previous week' }).click();
    await expect.poll(() => ranges).toEqual([W1, W2, W2, W3, W1, W2]);
    await expect.poll(() => responses.length).toBe(6);
    // The first view and the prefetches stored one Saturday per week; the revisits created
    // nothing: the browser revalidated them with If-None-Match and got 304s (Chromium then shows
    // the cached 200, so the count is read from the server).
    const after = await viewCounters();
    expect(after.created - before.created).toBe(3);
    expect(after.notModified - before.notModified).toBe(3);
    // Back and forward move through the visited weeks via the URL.
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('date')).toBe('2026-12-14');
    await expect.poll(() => page.locator('.fc-toolbar-title').textContent()).toContain('14');
    await page.reload();
    await page.locator('.fc-event').first().waitFor();
    expect(await page.locator('.fc-toolbar-title').textContent()).toContain('14');
    await page.close();
  });

  it('moves one occurrence by dragging and cancels another', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Drag');
    await createSchedule(server, id, {
      title: 'Desk hours',
      start_datetime: '2026-12-07T09:00:00',
      end_datetime: '2026-12-07T11:00:00',
      timezone: 'Europe/Berlin',
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO,WE',
    });
    const { page } = await openCalendar(
      server.baseUrl,
      `?specialist=${id}&date=2026-12-07&view=week`,
    );
    await expect.poll(() => blocks(page, 'Desk hours').count()).toBe(2);
    const monday = page.locator('.fc-timegrid-col[data-date="2026-12-07"] .fc-event');
    const from = (await monday.boundingBox())!;
    const tuesday = (await page.locator('.fc-timegrid-col[data-date="2026-12-08"]').boundingBox())!;
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await page.mouse.move(from.x + from.width / 2, from.y + 10);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 20, from.y + 10, { steps: 5 });
    await page.mouse.move(tuesday.x + tuesday.width / 2, from.y + 10, { steps: 10 });
    await page.mouse.up();
    expect((await patched).status()).toBe(200);
    await expect
      .poll(() => page.locator('.fc-timegrid-col[data-date="2026-12-08"] .fc-event').count())
      .toBe(1);
    expect(await listed(server, id, '2026-12-07', '2026-12-13')).toEqual([
      '2026-12-08T09:00–11:00 Desk hours',
      '2026-12-09T09:00–11:00 Desk hours',
    ]);

    await page.locator('.fc-timegrid-col[data-date="2026-12-09"] .fc-event').click();
    const dialog = page.locator('#event-dialog');
    await expect
      .poll(() => dialog.locator('[data-series]').textContent())
      .toContain('Every week on Monday, Wednesday');
    const cancel = dialog.getByRole('button', { name: 'Cancel this occurrence' });
    await cancel.click();
    const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await dialog.getByRole('button', { name: 'Click again to confirm' }).click();
    expect((await deleted).status()).toBe(204);
    await expect
      .poll(() => page.locator('.fc-timegrid-col[data-date="2026-12-09"] .fc-event').count())
      .toBe(0);
    expect(await listed(server, id, '2026-12-07', '2026-12-13')).toEqual([
      '2026-12-08T09:00–11:00 Desk hours',
    ]);
    await page.close();
  });

  it('edits this and following occurrences', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Split');
    await createSchedule(server, id, {
      title: 'Thursday clinic',
      start_datetime: '2026-12-03T14:00:00',
      end_datetime: '2026-12-03T16:00:00',
      timezone: 'Europe/Berlin',
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=TH',
    });
    const { page } = await openCalendar(
      server.baseUrl,
      `?specialist=${id}&date=2026-12-07&view=week`,
    );
    await blocks(page, 'Thursday clinic').click();
    const eventDialog = page.locator('#event-dialog');
    const following = eventDialog.getByRole('button', { name: 'Edit this and following…' });
    await expect.poll(() => following.isEnabled()).toBe(true);
    await following.click();
    const form = page.locator('#schedule-dialog');
    expect(await form.getByLabel('Date', { exact: true }).inputValue()).toBe('2026-12-10');
    expect(await form.getByLabel('Repeat').inputValue()).toBe('weekly');
    await form.getByLabel('Title').fill('Late clinic');
    await form.getByLabel('Start').fill('15:00');
    await form.getByLabel('End', { exact: true }).fill('17:00');
    const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await form.getByRole('button', { name: 'Save' }).click();
    const res = await patched;
    expect(res.url()).toContain('scope=following&from=2026-12-10');
    expect(res.status()).toBe(200);
    await expect.poll(() => blocks(page, 'Late clinic').count()).toBe(1);
    expect(await blocks(page, 'Late clinic').textContent()).toContain('15:00');
    expect(await listed(server, id, '2026-12-01', '2026-12-17')).toEqual([
      '2026-12-03T14:00–16:00 Thursday clinic',
      '2026-12-10T15:00–17:00 Late clinic',
      '2026-12-17T15:00–17:00 Late clinic',
    ]);
    await page.close();
  });

  it('shows a 409 conflict in words and changes nothing', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Conflict');
    await createSchedule(server, id, SATURDAY_CLINIC);
    const { page, ranges } = await openCalendar(
      server.baseUrl,
      `?specialist=${id}&date=2026-12-07&view=week`,
    );
    await expect.poll(() => ranges.length).toBe(2); // shown and prefetched: rows settled
    await expect.poll(() => blocks(page, 'Saturday clinic').count()).toBe(1);
    const before = await countRows(server);
    await page.getByRole('button', { name: 'Add availability' }).click();
    await fillScheduleForm(page, {
      title: 'Extra hour',
      date: '2026-12-12',
      start: '10:00',
      end: '11:00',
    });
    const posted = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.locator('#schedule-dialog').getByRole('button', { name: 'Save' }).click();
    expect((await posted).status()).toBe(409);
    const error = page.locator('#schedule-dialog .form-error');
    await expect
      .poll(() => error.textContent())
      .toBe('Overlaps Saturday clinic, Sat 12 Dec 09:00–17:00. Nothing was changed.');
    expect(await page.locator('#schedule-dialog').isVisible()).toBe(true);
    expect(await countRows(server)).toEqual(before);
    await page.close();
  });

  it('shows the month view and switches to the week', async () => {
    const id = await createSpecialist(server, 'America/New_York', 'Dr. Month');
    await createSchedule(server, id, { ...SATURDAY_CLINIC, timezone: 'America/New_York' });
    await createSchedule(server, id, {
      title: 'Second Tuesday board',
      start_datetime: '2026-12-08T13:00:00',
      end_datetime: '2026-12-08T15:00:00',
      timezone: 'America/New_York',
      recurrence_rule: 'FREQ=MONTHLY;BYDAY=2TU',
    });
    await createSchedule(server, id, {
      title: 'Phone hours',
      start_datetime: '2026-12-01T16:00:00',
      end_datetime: '2026-12-01T17:30:00',
      timezone: 'America/New_York',
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261223',
    });
    const { page, ranges } = await openCalendar(
      server.baseUrl,
      `?specialist=${id}&date=2026-12-07&view=month`,
    );
    // Six weeks from the Monday before 1 December; then January's grid is prefetched.
    await expect.poll(() => ranges).toEqual(['2026-11-30..2027-01-10', '2026-12-28..2027-02-07']);
    await expect.poll(() => blocks(page, 'Saturday clinic').count()).toBe(6);
    expect(await blocks(page, 'Second Tuesday board').count()).toBe(1);
    await page.getByRole('button', { name: 'Week', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('week');
    await expect.poll(() => blocks(page, 'Phone hours').count()).toBe(5);
    await page.close();
  });

  it("shows a DST week at local times in the specialist's zone", async () => {
    const id = await createSpecialist(server, 'America/New_York', 'Dr. Spring');
    await createSchedule(server, id, {
      title: 'Early shift',
      start_datetime: '2027-03-08T09:00:00',
      end_datetime: '2027-03-08T10:00:00',
      timezone: 'America/New_York',
      recurrence_rule: 'FREQ=DAILY;COUNT=7',
    });
    // Clocks go forward on Sunday 14 March 2027 in New York.
    const { page } = await openCalendar(
      server.baseUrl,
      `?specialist=${id}&date=2027-03-08&view=week`,
    );
    await expect.poll(() => blocks(page, 'Early shift').count()).toBe(7);
    const times = await page.locator('.fc-event-time').allTextContents();
    expect(times).toEqual(Array(7).fill('09:00 - 10:00'));
    expect(await page.locator('#zone-label').textContent()).toContain('America/New_York');
  });

  it('shows an API failure with a Retry, never a blank page', async () => {
    const id = await createSpecialist(server, 'Europe/Berlin', 'Dr. Retry');
    await createSchedule(server, id, SATURDAY_CLINIC);
    const page = await browser.newPage();
    await page.route('**/calendar-instances?**', (route) => route.abort('connectionfailed'));
    await page.goto(`${server.baseUrl}/?specialist=${id}&date=2026-12-07&view=week`);
    const banner = page.locator('#error');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('could not be loaded');
    expect(await page.locator('.fc-timegrid').isVisible()).toBe(true);
    await page.unroute('**/calendar-instances?**');
    await banner.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => blocks(page, 'Saturday clinic').count()).toBe(1);
    expect(await banner.isVisible()).toBe(false);
    await page.close();
  });

  it('asks once for a token when writes need one, then keeps it for the session', async () => {
    const guarded = await startTestServer('sqlite', { adminToken: 'admin-secret' });
    try {
      const res = await guarded.request(
        'POST',
        '/specialist',
        { name: 'Dr. Guarded', timezone: 'Europe/Berlin' },
        { authorization: 'Bearer admin-secret' },
      );
      const id = res.body.id as number;
      const { page } = await openCalendar(
        guarded.baseUrl,
        `?specialist=${id}&date=2026-12-07&view=week`,
      );
      await page.getByRole('button', { name: 'Add availability' }).click();
      await fillScheduleForm(page, {
        title: 'Guarded hours',
        date: '2026-12-08',
        start: '08:00',
        end: '10:00',
      });
      await page.locator('#schedule-dialog').getByRole('button', { name: 'Save' }).click();
      const tokenDialog = page.locator('#token-dialog');
      await tokenDialog.getByLabel('Access token').fill('admin-secret');
      const retried = page.waitForResponse((r) => r.request().method() === 'POST');
      await tokenDialog.getByRole('button', { name: 'Continue' }).click();
      expect((await retried).status()).toBe(201);
      await expect.poll(() => blocks(page, 'Guarded hours').count()).toBe(1);
      expect(await page.evaluate(() => sessionStorage.getItem('recurra.token'))).toBe(
        'admin-secret',
      );
      await page.close();
    } finally {
      await guarded.close();
    }
  });
});
