import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import {
  apiBookings,
  bookableSpecialist,
  clientPage,
  holdsLeft,
  openBooking,
} from './booking-harness.ts';
import { DESKTOP, launchPageBrowser, PHONE } from './page-harness.ts';

/**
 * A whole booking with the keyboard alone: Tab follows the page's reading order, arrows move
 * through the month, Enter chooses, and focus lands where the next thing to do is.
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

/** The focused element as a screen reader names it: its label, aria-label or text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '(nothing)';
    const labelled = (el as HTMLInputElement).labels?.[0]?.textContent;
    return (el.getAttribute('aria-label') ?? labelled ?? el.textContent ?? '').trim();
  });
}

async function tab(page: Page, times = 1, shift = false): Promise<string> {
  for (let i = 0; i < times; i++) await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
  return focused(page);
}

describe.each([
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const)('keyboard-only booking (%s)', (_, viewport) => {
  it('books with Tab, arrows and Enter, in reading order', async () => {
    const setup = await bookableSpecialist(server);
    const page = await clientPage(browser, viewport);
    await openBooking(page, `${server.baseUrl}/book/${setup.specialist}/${setup.service}`);

    const order: string[] = [];
    for (let i = 0; i < 5; i++) order.push(await tab(page));
    expect(order).toEqual([
      'Service',
      'Your time zone',
      // "Previous month" is disabled in the first month: no stop.
      'Next month',
      'Monday 7 December 2026, 11 free times',
      '09:00',
    ]);
    expect(await tab(page, 1, true)).toBe('Monday 7 December 2026, 11 free times');
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('Tuesday 8 December 2026, 11 free times');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('Tuesday 15 December 2026, 11 free times');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    // Choosing a day puts focus on its first slot.
    expect(await focused(page)).toBe('09:00');
    expect(await tab(page, 5)).toBe('10:15');
    await page.keyboard.press('Enter');
    await page.locator('#details').waitFor();
    expect(await focused(page)).toBe('Name');
    await page.keyboard.type('Ada Lovelace');
    expect(await tab(page)).toBe('E-mail');
    await page.keyboard.type('ada@example.org');
    expect(await tab(page)).toBe('Notes (optional)');
    expect(await tab(page)).toBe('Confirm booking');
    expect(await tab(page)).toBe('Choose another time');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.locator('#done').waitFor();
    expect(await focused(page)).toBe('You’re booked');
    expect(await tab(page)).toBe('Add to calendar');

    const booked = await apiBookings(server, setup.specialist, '2026-12-08', '2026-12-08');
    expect(booked.map((b) => [b.start_datetime, b.client.name])).toEqual([
      ['2026-12-08T10:15:00+01:00', 'Ada Lovelace'],
    ]);
    expect(await holdsLeft(server)).toBe(0);
    await page.context().close();
  });
});
