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
} from './booking-harness.ts';
import { DESKTOP, launchPageBrowser, PHONE } from './page-harness.ts';

/**
 * Two clients, two browser contexts, one slot: Tuesday 8 December 2026, 10:15 in Berlin. The
 * first books it; the second, whose page still offers it, is told why not in words and books
 * one of the next free slots the 409 offered. On both databases: the transaction decides.
 */
let browser: Browser;
let sqlite: TestServer;
let postgres: TestServer;

beforeAll(async () => {
  browser = await launchPageBrowser();
  sqlite = await startTestServer('sqlite');
  postgres = await startTestServer('postgres');
});

afterAll(async () => {
  await browser?.close();
  await sqlite?.close();
  await postgres?.close();
});

describe.each([
  ['desktop', 'sqlite', DESKTOP],
  ['phone', 'sqlite', PHONE],
  ['desktop', 'postgres', DESKTOP],
] as const)('two clients race for one slot (%s, %s)', (_, dialect, viewport) => {
  it('one books it; the other reads why and books an offered next slot', async () => {
    const server = dialect === 'sqlite' ? sqlite : postgres;
    const setup = await bookableSpecialist(server);
    const url = `${server.baseUrl}/book/${setup.specialist}/${setup.service}`;
    const first = await clientPage(browser, viewport);
    const second = await clientPage(browser, viewport);
    await openBooking(first, url);
    await openBooking(second, url);
    await chooseDay(first, '2026-12-08');
    await chooseDay(second, '2026-12-08');

    await first.getByRole('button', { name: '10:15', exact: true }).click();
    await fillDetails(first, { name: 'Ada Lovelace', email: 'ada@example.org' });
    await first.locator('#done').waitFor();

    // The second page was drawn before: it still offers 10:15.
    await second.getByRole('button', { name: '10:15', exact: true }).click();
    const problem = second.locator('#problem');
    await problem.waitFor();
    // What the API offers after 10:15 now (a 30-minute booking at 10:15 blocks 10:00 and 10:30).
    const q = new URLSearchParams({
      service_id: String(setup.service),
      start_date: '2026-12-08',
      end_date: '2026-12-08',
    });
    const free = (await server.request('GET', `/specialist/${setup.specialist}/slots?${q}`)).body
      .slots as { start_datetime: string }[];
    const next = free
      .map((s) => s.start_datetime.slice(11, 16))
      .filter((t) => t > '10:15')
      .slice(0, 3);
    expect(next).toEqual(['10:45', '11:00', '11:15']);
    expect(await problem.textContent()).toBe(
      `Someone just booked 10:15.Next free: ${next.join(' ')}`,
    );
    expect(await second.evaluate(() => document.activeElement?.id)).toBe('problem');
    expect(await problem.getByRole('button').allTextContents()).toEqual(next);
    // The month is drawn again without the taken slot.
    await expect
      .poll(() => second.locator('#slot-picker .slot', { hasText: '10:15' }).count())
      .toBe(0);
    await expectNoSideScroll(second, 'the explanation');

    await problem.getByRole('button', { name: '10:45', exact: true }).click();
    await fillDetails(second, { name: 'Charles Babbage', email: 'charles@example.org' });
    await second.locator('#done').waitFor();
    expect(await second.locator('#done-when li').allTextContents()).toEqual([
      'Tue 8 Dec 2026, 10:45–11:15 (Europe/Berlin)',
    ]);

    const booked = await apiBookings(server, setup.specialist, '2026-12-08', '2026-12-08');
    expect(booked.map((b) => [b.start_datetime.slice(11, 16), b.client.name, b.status])).toEqual([
      ['10:15', 'Ada Lovelace', 'confirmed'],
      ['10:45', 'Charles Babbage', 'confirmed'],
    ]);
    expect(await holdsLeft(server)).toBe(0);
    await first.context().close();
    await second.context().close();
  });
});

describe('a slot someone else holds', () => {
  it('is explained as being booked right now', async () => {
    const server = sqlite;
    const setup = await bookableSpecialist(server);
    const url = `${server.baseUrl}/book/${setup.specialist}/${setup.service}`;
    const first = await clientPage(browser);
    const second = await clientPage(browser);
    await openBooking(first, url);
    await openBooking(second, url);
    await first.getByRole('button', { name: '09:30', exact: true }).click();
    await first.locator('#details').waitFor();
    await second.getByRole('button', { name: '09:30', exact: true }).click();
    await second.locator('#problem').waitFor();
    expect(await second.locator('#problem p').first().textContent()).toBe(
      'Someone else is booking 09:30 right now.',
    );
    // "Choose another time" gives the hold back: the slot is offered again.
    await first.getByRole('button', { name: 'Choose another time' }).click();
    await expect.poll(() => holdsLeft(server)).toBe(0);
    await first.context().close();
    await second.context().close();
  });
});
