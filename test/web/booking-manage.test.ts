import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  apiBookings,
  bookableSpecialist,
  bookThroughApi,
  chooseDay,
  clientPage,
  expectNoSideScroll,
  slotsReady,
} from './booking-harness.ts';
import { DESKTOP, launchPageBrowser, PHONE } from './page-harness.ts';

/**
 * The manage link a client keeps: `/book/manage/{booking}?specialist=…&token=…` shows the
 * booking, cancels it, or moves it to another free slot, all with the cancel token.
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

const manageUrl = (specialist: number, b: { id: number; cancel_token: string }) =>
  `${server.baseUrl}/book/manage/${b.id}?specialist=${specialist}&token=${encodeURIComponent(b.cancel_token)}`;

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('the manage link (%s)', (_, viewport) => {
  it('shows the booking in both zones and cancels it', async () => {
    const setup = await bookableSpecialist(server);
    const booking = await bookThroughApi(server, setup, '2026-12-09T11:00:00+01:00');
    const page = await clientPage(browser, viewport, 'Europe/London');
    await page.goto(manageUrl(setup.specialist, booking));
    await page.locator('#manage').waitFor();
    expect(await page.locator('#manage-status').textContent()).toBe('Confirmed.');
    expect(await page.locator('#manage-what').textContent()).toBe(
      'Consultation (30 min) with Dr. Rivera, for Grace Hopper.',
    );
    expect(await page.locator('#manage-when li').allTextContents()).toEqual([
      'Wed 9 Dec 2026, 10:00–10:30 your time (Europe/London)',
      'Wed 9 Dec 2026, 11:00–11:30 for the specialist (Europe/Berlin)',
    ]);
    await expectNoSideScroll(page, 'manage page');

    await page.getByRole('button', { name: 'Cancel booking' }).click();
    await page.getByRole('button', { name: 'Yes, cancel it' }).click();
    await expect
      .poll(() => page.locator('#manage-status').textContent())
      .toBe('This booking is cancelled.');
    expect(await page.getByRole('button', { name: 'Reschedule' }).isVisible()).toBe(false);
    const all = await apiBookings(server, setup.specialist, '2026-12-09', '2026-12-09', true);
    expect(all.map((b) => [b.id, b.status])).toEqual([[booking.id, 'cancelled']]);
    await page.context().close();
  });

  it('moves the booking to another free slot', async () => {
    const setup = await bookableSpecialist(server);
    const booking = await bookThroughApi(server, setup, '2026-12-09T11:00:00+01:00');
    const page = await clientPage(browser, viewport);
    await page.goto(manageUrl(setup.specialist, booking));
    await page.locator('#manage').waitFor();
    await page.getByRole('button', { name: 'Reschedule' }).click();
    await slotsReady(page, '#manage-picker');
    await chooseDay(page, '2026-12-10', '#manage-picker');
    await page
      .locator('#manage-picker')
      .getByRole('button', { name: '09:45', exact: true })
      .click();
    expect(await page.locator('#move-when').textContent()).toBe(
      'Move your booking to Thu 10 Dec 2026, 09:45–10:15?',
    );
    await expectNoSideScroll(page, 'reschedule');
    await page.getByRole('button', { name: 'Move my booking' }).click();
    await expect
      .poll(() => page.locator('#manage-status').textContent())
      .toBe('Moved. Your booking is confirmed at the new time.');
    expect(await page.locator('#manage-when li').allTextContents()).toEqual([
      'Thu 10 Dec 2026, 09:45–10:15 (Europe/Berlin)',
    ]);
    const all = await apiBookings(server, setup.specialist, '2026-12-01', '2026-12-31', true);
    expect(all.map((b) => [b.id, b.start_datetime, b.status])).toEqual([
      [booking.id, '2026-12-10T09:45:00+01:00', 'confirmed'],
    ]);
    await page.context().close();
  });
});

describe('a manage link that is wrong', () => {
  it('says so instead of showing anything', async () => {
    const setup = await bookableSpecialist(server);
    const booking = await bookThroughApi(server, setup, '2026-12-09T09:00:00+01:00');
    const page = await clientPage(browser);
    await page.goto(manageUrl(setup.specialist, { id: booking.id, cancel_token: 'not-the-token' }));
    await page.locator('#page-error').waitFor();
    expect(await page.locator('#page-error').textContent()).toBe(
      'This link does not open a booking. Please check it is complete.',
    );
    expect(await page.locator('#manage').isVisible()).toBe(false);
    await page.context().close();
  });
});
