import type { Browser } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  apiBookings,
  bookableSpecialist,
  chooseDay,
  clientPage,
  expectNoSideScroll,
  fillDetails,
  openBooking,
  slotTexts,
  slotsReady,
} from './booking-harness.ts';
import { DESKTOP, launchPageBrowser, PHONE } from './page-harness.ts';

/**
 * A client in New York books a Berlin specialist across the spring changes of 2027: the US
 * moves its clocks on 14 March, Europe on 28 March, so Berlin's 15:00 is 09:00 in New York on
 * 8 March, 10:00 on the 15th and 22nd, and 09:00 again on the 29th. The page's times must be the
 * API's instants read in New York (checked here with Temporal, independent of the page's code).
 */
const MONDAYS = ['2027-03-08', '2027-03-15', '2027-03-22', '2027-03-29'];
const NEW_YORK = 'America/New_York';

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

/** The API's slots of a Berlin date, as `HH:MM` in New York. */
async function apiTimesInNewYork(specialist: number, service: number, date: string) {
  const q = new URLSearchParams({ service_id: String(service), start_date: date, end_date: date });
  const res = await server.request('GET', `/specialist/${specialist}/slots?${q}`);
  expect(res.status).toBe(200);
  return (res.body.slots as { start_datetime: string }[]).map((s) =>
    Temporal.Instant.from(s.start_datetime)
      .toZonedDateTimeISO(NEW_YORK)
      .toPlainTime()
      .toString()
      .slice(0, 5),
  );
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('New York client, Berlin specialist, March 2027 (%s)', (_, viewport) => {
  it('shows the times the API means, before, between and after the two changes', async () => {
    const setup = await bookableSpecialist(server, {
      schedule: {
        title: 'Afternoons',
        start_datetime: '2027-03-01T15:00:00',
        end_datetime: '2027-03-01T18:00:00',
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO',
      },
      service: {
        name: 'Session',
        duration_minutes: 60,
        slot_step_minutes: 60,
        max_days_ahead: 180,
      },
    });
    const page = await clientPage(browser, viewport, NEW_YORK);
    await openBooking(page, `${server.baseUrl}/book/${setup.specialist}/${setup.service}`);
    const choose = page.locator('#choose');
    expect(await choose.getByLabel('Your time zone').inputValue()).toBe(NEW_YORK);
    expect(await page.locator('#zone-note').textContent()).toBe(
      'Times are shown in America/New_York. Dr. Rivera works in Europe/Berlin.',
    );
    for (let i = 0; i < 3; i++) {
      await page.getByRole('button', { name: 'Next month' }).click();
      await slotsReady(page);
    }
    await expect
      .poll(() => page.locator('#slot-picker').getAttribute('data-month'))
      .toBe('2027-03');
    expect(
      await page.locator('.day.has-slots').evaluateAll((b) => b.map((e) => e.textContent)),
    ).toEqual(['1', '8', '15', '22', '29']);

    const shown: Record<string, string[]> = {};
    for (const monday of MONDAYS) {
      await chooseDay(page, monday);
      shown[monday] = await slotTexts(page);
      expect(shown[monday], monday).toEqual(
        await apiTimesInNewYork(setup.specialist, setup.service, monday),
      );
    }
    expect(shown).toEqual({
      '2027-03-08': ['09:00', '10:00', '11:00'],
      '2027-03-15': ['10:00', '11:00', '12:00'],
      '2027-03-22': ['10:00', '11:00', '12:00'],
      '2027-03-29': ['09:00', '10:00', '11:00'],
    });
    await expectNoSideScroll(page, 'March in New York');

    // Booking between the changes: the confirmation tells both zones, the API stores Berlin 15:00.
    await chooseDay(page, '2027-03-22');
    await page.getByRole('button', { name: '10:00', exact: true }).click();
    await fillDetails(page, { name: 'Ada Lovelace', email: 'ada@example.org' });
    await page.locator('#done').waitFor();
    expect(await page.locator('#done-when li').allTextContents()).toEqual([
      'Mon 22 Mar 2027, 10:00–11:00 your time (America/New_York)',
      'Mon 22 Mar 2027, 15:00–16:00 for the specialist (Europe/Berlin)',
    ]);
    const booked = await apiBookings(server, setup.specialist, '2027-03-22', '2027-03-22');
    expect(booked.map((b) => b.start_datetime)).toEqual(['2027-03-22T15:00:00+01:00']);

    // Changing the zone on the page tells the same slots in Berlin.
    await page.goto(`${server.baseUrl}/book/${setup.specialist}/${setup.service}`);
    await slotsReady(page);
    await choose.getByLabel('Your time zone').selectOption('Europe/Berlin');
    expect(await page.locator('#zone-note').isVisible()).toBe(false);
    for (let i = 0; i < 3; i++) {
      await page.getByRole('button', { name: 'Next month' }).click();
      await slotsReady(page);
    }
    await chooseDay(page, '2027-03-29');
    expect(await slotTexts(page)).toEqual(['15:00', '16:00', '17:00']);
    await page.context().close();
  });
});
