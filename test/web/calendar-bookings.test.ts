import type { Browser, Page } from 'playwright-core';
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
  type BookingSetup,
} from './booking-harness.ts';
import { DESKTOP, launchPageBrowser, openCalendar, PHONE, slotTop } from './page-harness.ts';

/**
 * The specialist's calendar with bookings on it: drawn over the availability, listed per day in
 * the side panel, opened, cancelled and moved by drag; the services dialog; and an availability
 * edit that would strand a booking (409 has_bookings), said in words with "Do it anyway".
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

const bookingBlocks = (page: Page) => page.locator('.fc-event.is-booking');
const panelItems = (page: Page) => page.locator('#day-bookings .booking-item');

async function withTwoBookings(): Promise<BookingSetup> {
  const setup = await bookableSpecialist(server);
  await bookThroughApi(server, setup, '2026-12-08T10:15:00+01:00', 'Ada Lovelace');
  await bookThroughApi(server, setup, '2026-12-08T11:00:00+01:00', 'Grace Hopper');
  return setup;
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('bookings on the calendar (%s)', (_, viewport) => {
  it('draws them over the availability, lists the day, opens and cancels one', async () => {
    const setup = await withTwoBookings();
    const { page } = await openCalendar(
      browser,
      server.baseUrl,
      `?specialist=${setup.specialist}&date=2026-12-08&view=week`,
      viewport,
    );
    await expect.poll(() => bookingBlocks(page).count()).toBe(2);
    expect(await bookingBlocks(page).allTextContents()).toEqual([
      expect.stringContaining('Ada Lovelace · Consultation'),
      expect.stringContaining('Grace Hopper · Consultation'),
    ]);
    // Distinguishable from the availability under it.
    const colours = await page.evaluate(() => {
      const bg = (sel: string) => getComputedStyle(document.querySelector(sel)!).backgroundColor;
      return [bg('.fc-event.is-booking'), bg('.fc-event:not(.is-booking)')];
    });
    expect(colours[0]).not.toBe(colours[1]);
    await expect
      .poll(() => page.locator('#legend [data-legend=".is-booking"]').isVisible())
      .toBe(true);

    const panel = page.locator('#day-bookings');
    if (viewport === DESKTOP) {
      // The week starts on Monday the 7th, which has none; the next day has both.
      await expect.poll(() => panel.locator('h2').textContent()).toBe('Bookings on Mon 7 Dec');
      await panel.getByRole('button', { name: 'Next day' }).click();
    }
    await expect.poll(() => panel.locator('h2').textContent()).toBe('Bookings on Tue 8 Dec');
    await expect
      .poll(() => panelItems(page).allTextContents())
      .toEqual([
        '10:15–10:45 Ada Lovelace · Consultation',
        '11:00–11:30 Grace Hopper · Consultation',
      ]);
    await expectNoSideScroll(page, 'calendar with bookings');

    await panelItems(page).first().click();
    const dialog = page.locator('#booking-dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.locator('h2').textContent()).toBe('Ada Lovelace');
    expect(await dialog.locator('[data-when]').textContent()).toBe(
      'Tue 8 Dec 10:15–10:45 (Europe/Berlin)',
    );
    expect(await dialog.getByRole('link').textContent()).toBe('grace@example.org');
    await expectNoSideScroll(page, 'booking dialog');
    await dialog.getByRole('button', { name: 'Cancel booking' }).click();
    await dialog.getByRole('button', { name: 'Click again to cancel the booking' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => bookingBlocks(page).count()).toBe(1);
    await expect.poll(() => panelItems(page).count()).toBe(1);
    const all = await apiBookings(server, setup.specialist, '2026-12-08', '2026-12-08', true);
    expect(all.map((b) => [b.client.name, b.status])).toEqual([
      ['Ada Lovelace', 'cancelled'],
      ['Grace Hopper', 'confirmed'],
    ]);
    await page.close();
  });

  it('shows a move, then a cancellation, made from the client’s manage link after a reload', async () => {
    const setup = await bookableSpecialist(server);
    const booking = await bookThroughApi(server, setup, '2026-12-09T11:00:00+01:00');
    const { page } = await openCalendar(
      browser,
      server.baseUrl,
      `?specialist=${setup.specialist}&date=2026-12-09&view=week`,
      viewport,
    );
    await expect
      .poll(() => bookingBlocks(page).getAttribute('data-start'))
      .toBe('2026-12-09T11:00:00');
    const client = await clientPage(browser, viewport);
    await client.goto(
      `${server.baseUrl}/book/manage/${booking.id}?specialist=${setup.specialist}&token=${encodeURIComponent(booking.cancel_token)}`,
    );
    await client.getByRole('button', { name: 'Reschedule' }).click();
    await slotsReady(client, '#manage-picker');
    await chooseDay(client, '2026-12-09', '#manage-picker');
    await client
      .locator('#manage-picker')
      .getByRole('button', { name: '09:15', exact: true })
      .click();
    await client.getByRole('button', { name: 'Move my booking' }).click();
    await client.locator('#manage-status', { hasText: 'Moved' }).waitFor();

    await page.reload();
    await expect
      .poll(() => bookingBlocks(page).getAttribute('data-start'))
      .toBe('2026-12-09T09:15:00');

    // Then the client cancels: gone from the calendar after a reload.
    await client.getByRole('button', { name: 'Cancel booking' }).click();
    await client.getByRole('button', { name: 'Yes, cancel it' }).click();
    await client.locator('#manage-status', { hasText: 'cancelled' }).waitFor();
    await client.context().close();
    await page.reload();
    await page.locator('#day-bookings[data-state="ready"]').waitFor();
    await expect.poll(() => page.locator('.fc-event').count()).toBeGreaterThan(0);
    expect(await bookingBlocks(page).count()).toBe(0);
    await page.close();
  });
});

describe('bookings on the calendar (desktop only: a mouse drag)', () => {
  it('moves a booking by drag within the availability', async () => {
    const setup = await withTwoBookings();
    const { page } = await openCalendar(
      browser,
      server.baseUrl,
      `?specialist=${setup.specialist}&date=2026-12-08&view=week`,
    );
    await expect.poll(() => bookingBlocks(page).count()).toBe(2);
    const grace = bookingBlocks(page).filter({ hasText: 'Grace Hopper' });
    const from = (await grace.boundingBox())!;
    const to = await slotTop(page, '09:30:00');
    await page.mouse.move(from.x + from.width / 2, from.y + 5);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y + 15, { steps: 5 });
    await page.mouse.move(from.x + from.width / 2, to + 5, { steps: 10 });
    await page.mouse.up();
    await expect
      .poll(async () =>
        (await apiBookings(server, setup.specialist, '2026-12-08', '2026-12-08')).map((b) => [
          b.client.name,
          b.start_datetime,
        ]),
      )
      .toEqual([
        ['Grace Hopper', '2026-12-08T09:30:00+01:00'],
        ['Ada Lovelace', '2026-12-08T10:15:00+01:00'],
      ]);
    await expect
      .poll(() => page.locator('#notice').textContent())
      .toBe('Booking of Grace Hopper moved to 09:30.');
    await page.close();
  });
});

describe('a booking dragged onto a taken time', () => {
  it('goes back where it was, and the page says why in words', async () => {
    const setup = await withTwoBookings();
    const { page } = await openCalendar(
      browser,
      server.baseUrl,
      `?specialist=${setup.specialist}&date=2026-12-08&view=week`,
    );
    await expect.poll(() => bookingBlocks(page).count()).toBe(2);
    const grace = bookingBlocks(page).filter({ hasText: 'Grace Hopper' });
    const from = (await grace.boundingBox())!;
    const to = await slotTop(page, '10:30:00');
    await page.mouse.move(from.x + from.width / 2, from.y + 5);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y - 10, { steps: 5 });
    await page.mouse.move(from.x + from.width / 2, to + 5, { steps: 10 });
    await page.mouse.up();
    await expect
      .poll(() => page.locator('#error-text').textContent())
      .toMatch(/^Not moved\. 10:30 is now too close to another booking\. Next free: /);
    await expect.poll(() => grace.getAttribute('data-start')).toBe('2026-12-08T11:00:00');
    const booked = await apiBookings(server, setup.specialist, '2026-12-08', '2026-12-08');
    expect(booked.map((b) => b.start_datetime.slice(11, 16))).toEqual(['10:15', '11:00']);
    await page.close();
  });
});

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('services and availability edits (%s)', (_, viewport) => {
  it('creates, edits and deletes a service with every field of the contract', async () => {
    const setup = await bookableSpecialist(server);
    const { page } = await openCalendar(
      browser,
      server.baseUrl,
      `?specialist=${setup.specialist}&date=2026-12-08&view=week`,
      viewport,
    );
    await page.getByRole('button', { name: 'Services', exact: true }).click();
    const dialog = page.locator('#services-dialog');
    await expect.poll(() => dialog.locator('[data-services] li').count()).toBe(1);
    expect(await dialog.locator('[data-services] li').textContent()).toContain(
      'Consultation 30 min, every 15 min',
    );
    const form = dialog.locator('form');
    await form.getByLabel('Name').fill('Group class');
    await form.getByLabel('Duration (min)').fill('60');
    await form.getByLabel('Start every (min)').fill('30');
    await form.getByLabel('Buffer before (min)').fill('5');
    await form.getByLabel('Buffer after (min)').fill('10');
    await form.getByLabel('Minimum notice (min)').fill('120');
    await form.getByLabel('Bookable days ahead').fill('90');
    await form.getByLabel('Places per slot').fill('8');
    await form.getByLabel('Most per day').fill('2');
    await form.getByLabel('Morning clinic').check();
    await expectNoSideScroll(page, 'services dialog');
    await form.getByRole('button', { name: 'Create service' }).click();
    await expect.poll(() => dialog.locator('[data-services] li').count()).toBe(2);
    const listed = async () =>
      (await server.request('GET', `/specialist/${setup.specialist}/services`)).body.services;
    const created = (await listed()).find((s: { name: string }) => s.name === 'Group class');
    const schedules = (await server.request('GET', `/specialist/${setup.specialist}/schedules`))
      .body.schedules as { id: number }[];
    expect(created).toMatchObject({
      duration_minutes: 60,
      slot_step_minutes: 30,
      buffer_before_minutes: 5,
      buffer_after_minutes: 10,
      min_notice_minutes: 120,
      max_days_ahead: 90,
      capacity: 8,
      max_per_day: 2,
      schedule_ids: [schedules[0]!.id],
    });

    await dialog.getByRole('button', { name: 'Edit Group class' }).click();
    expect(await form.getByLabel('Places per slot').inputValue()).toBe('8');
    await form.getByLabel('Name').fill('Evening group');
    await form.getByLabel('Most per day').fill('');
    await form.getByRole('button', { name: 'Save service' }).click();
    await expect
      .poll(async () => (await listed()).map((s: { name: string }) => s.name))
      .toEqual(['Consultation', 'Evening group']);
    expect((await listed())[1].max_per_day).toBeNull();

    await form.getByLabel('Duration (min)').fill('3');
    await form.getByRole('button', { name: 'Create service' }).click();
    expect(await form.locator('.form-error').textContent()).toBe('Give the service a name.');
    await form.getByLabel('Name').fill('Too short');
    await form.getByRole('button', { name: 'Create service' }).click();
    expect(await form.locator('.form-error').textContent()).toBe(
      'Duration must be a whole number from 5 to 720.',
    );

    await dialog.getByRole('button', { name: 'Delete Evening group' }).click();
    await dialog.getByRole('button', { name: 'Click again to delete Evening group' }).click();
    await expect
      .poll(async () => (await listed()).map((s: { name: string }) => s.name))
      .toEqual(['Consultation']);
    await page.close();
  });

  it('says which bookings an availability edit would strand, and does it anyway when asked', async () => {
    const setup = await withTwoBookings();
    const { page } = await openCalendar(
      browser,
      server.baseUrl,
      `?specialist=${setup.specialist}&date=2026-12-08&view=week`,
      viewport,
    );
    await expect.poll(() => bookingBlocks(page).count()).toBe(2);
    await page
      .locator('.fc-timegrid-col[data-date="2026-12-08"] .fc-event:not(.is-booking)')
      .click({ position: { x: 5, y: 5 } });
    const event = page.locator('#event-dialog');
    await expect.poll(() => event.locator('[data-series]').textContent()).toMatch(/^Series/);
    await event.getByRole('button', { name: 'Cancel this occurrence' }).click();
    await event.getByRole('button', { name: 'Click again to confirm' }).click();

    const force = page.locator('#force-dialog');
    await expect.poll(() => force.isVisible()).toBe(true);
    expect(await force.locator('[data-summary]').textContent()).toBe(
      'This change would leave 2 bookings outside your availability:',
    );
    expect(await force.locator('li').allTextContents()).toEqual([
      'Tue 8 Dec 10:15–10:45 Ada Lovelace (Consultation)',
      'Tue 8 Dec 11:00–11:30 Grace Hopper (Consultation)',
    ]);
    await expectNoSideScroll(page, 'has_bookings dialog');
    // "Keep things as they are" changes nothing.
    await force.getByRole('button', { name: 'Keep things as they are' }).click();
    const instances = async () =>
      (
        await server.request(
          'GET',
          `/specialist/${setup.specialist}/calendar-instances?start_date=2026-12-08&end_date=2026-12-08`,
        )
      ).body.instances.length;
    expect(await instances()).toBe(1);

    await event.getByRole('button', { name: 'Cancel this occurrence' }).click();
    await event.getByRole('button', { name: 'Click again to confirm' }).click();
    await force.getByRole('button', { name: 'Do it anyway' }).click();
    await expect.poll(instances).toBe(0);
    const stranded = (
      await server.request(
        'GET',
        `/specialist/${setup.specialist}/bookings?start_date=2026-12-08&end_date=2026-12-08`,
      )
    ).body.bookings.map((b: { status: string; outside_availability: boolean }) => [
      b.status,
      b.outside_availability,
    ]);
    expect(stranded).toEqual([
      ['confirmed', true],
      ['confirmed', true],
    ]);
    await expect.poll(() => page.locator('.fc-event.is-booking.is-outside').count()).toBe(2);
    await page.close();
  });
});
