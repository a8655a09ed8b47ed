import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  apiBookings,
  bookableSpecialist,
  chooseDay,
  clientPage,
  expectNoSideScroll,
  fillDetails,
  holdsLeft,
  openBooking,
  slotTexts,
} from './booking-harness.ts';
import { DESKTOP, launchPageBrowser, PHONE } from './page-harness.ts';

/**
 * The public booking page end to end, over a real server: a client in Berlin books a Berlin
 * specialist's 30-minute consultation. "Now" is Wednesday 2 December 2026, 11:00 in Berlin.
 */
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

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('booking from the public page (%s)', (_, viewport) => {
  it('books one slot: a confirmed booking, the hold gone, the .ics and the manage link', async () => {
    const setup = await bookableSpecialist(server);
    const page = await clientPage(browser, viewport);
    const windows: string[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.pathname.endsWith('/slots'))
        windows.push(`${url.searchParams.get('start_date')}..${url.searchParams.get('end_date')}`);
    });
    await openBooking(page, `${server.baseUrl}/book/${setup.specialist}/${setup.service}`);

    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Dr. Rivera');
    expect(await page.locator('#choose').getByLabel('Service').inputValue()).toBe(
      String(setup.service),
    );
    expect(await page.locator('#choose').getByLabel('Your time zone').inputValue()).toBe(
      'Europe/Berlin',
    );
    expect(await page.locator('#zone-note').isVisible()).toBe(false);
    // December is shown, weekdays from the 7th marked; January is fetched right after.
    expect(await page.locator('.month-title').textContent()).toBe('December 2026');
    expect(await page.locator('.day.has-slots').count()).toBe(19);
    expect(await page.locator('.day[aria-pressed="true"]').getAttribute('data-date')).toBe(
      '2026-12-07',
    );
    await expect.poll(() => windows).toEqual(['2026-11-29..2027-01-02', '2026-12-30..2027-02-02']);
    await expectNoSideScroll(page, 'month and day');

    await chooseDay(page, '2026-12-08');
    expect((await slotTexts(page)).slice(0, 4)).toEqual(['09:00', '09:15', '09:30', '09:45']);
    await page.getByRole('button', { name: '10:15', exact: true }).click();
    await expect.poll(() => page.locator('#details').isVisible()).toBe(true);
    expect(await page.locator('#held-when').textContent()).toBe(
      'Consultation (30 min), Tue 8 Dec 2026, 10:15–10:45. We keep this time for you for 5 minutes.',
    );
    expect(await holdsLeft(server)).toBe(1);
    await expectNoSideScroll(page, 'details form');
    const posted = page.waitForRequest(
      (r) => r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/bookings'),
    );
    await fillDetails(page, {
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      notes: 'first visit',
    });
    // Confirm carries an Idempotency-Key, and the hold's token.
    const request = await posted;
    expect(request.headers()['idempotency-key']).toMatch(/^[0-9a-f]{32}$/);
    expect(request.postDataJSON()).toMatchObject({
      hold_token: expect.any(String),
      notes: 'first visit',
    });

    const done = page.locator('#done');
    await done.waitFor();
    expect(await page.locator('#done-title').textContent()).toBe('You’re booked');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('done-title');
    expect(await page.locator('#done-when li').allTextContents()).toEqual([
      'Tue 8 Dec 2026, 10:15–10:45 (Europe/Berlin)',
    ]);
    await expectNoSideScroll(page, 'confirmation');

    const booked = await apiBookings(server, setup.specialist, '2026-12-01', '2027-01-31');
    expect(booked.map((b) => [b.start_datetime, b.status, b.client.name, b.notes])).toEqual([
      ['2026-12-08T10:15:00+01:00', 'confirmed', 'Ada Lovelace', 'first visit'],
    ]);
    expect(await holdsLeft(server)).toBe(0);

    const manage = await page.locator('#manage-link').getAttribute('href');
    expect(manage).toMatch(
      new RegExp(`/book/manage/${booked[0]!.id}\\?specialist=${setup.specialist}&token=[^&]+$`),
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Add to calendar' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('booking.ics');
    const ics = await readFile(await download.path(), 'utf8');
    const event = new ICAL.Event(
      new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!,
    );
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-08T09:15:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-08T09:45:00.000Z');
    expect(event.summary).toBe('Consultation with Dr. Rivera');
    expect(ics).toContain('DTSTART:20261208T091500Z\r\n');
    await page.context().close();
  });
});
