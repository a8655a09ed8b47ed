import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { expect } from 'vitest';
import { buildWeb } from '../../src/web/build.ts';
import { instancesPath } from '../support/fixtures.ts';
import type { TestServer } from '../support/test-server.ts';

/** Debian's Chromium, headless, with nothing that reaches the network on its own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the README's screenshots are written. */
export const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname;

/**
 * Builds the page bundle, then starts /usr/bin/chromium through playwright-core (never a
 * downloaded browser). `chromium.launch` gives every launch a fresh temporary --user-data-dir
 * and removes it on close.
 * @example const browser = await launchPageBrowser(); const page = await browser.newPage();
 */
export async function launchPageBrowser(): Promise<Browser> {
  await buildWeb();
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A page on a specialist's calendar, recording the ranges it asked for and the answers. */
export interface CalendarPage {
  readonly page: Page;
  /** `start..end` of every calendar-instances request, in order. */
  readonly ranges: string[];
  readonly responses: Response[];
}

/** Opens `/${query}` and waits until the grid asked for its first range. */
export async function openCalendar(
  browser: Browser,
  base: string,
  query: string,
  viewport = { width: 1280, height: 900 },
): Promise<CalendarPage> {
  const page = await browser.newPage({ viewport });
  const ranges: string[] = [];
  const responses: Response[] = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.pathname.endsWith('/calendar-instances'))
      ranges.push(`${url.searchParams.get('start_date')}..${url.searchParams.get('end_date')}`);
  });
  page.on('response', (res) => {
    if (new URL(res.url()).pathname.endsWith('/calendar-instances')) responses.push(res);
  });
  await page.goto(`${base}/${query}`);
  await page.locator('.fc').waitFor();
  await expect.poll(() => ranges.length).toBeGreaterThanOrEqual(1);
  return { page, ranges, responses };
}

/** The calendar blocks showing `title`. */
export function blocks(page: Page, title: string) {
  return page.locator('.fc-event', { hasText: title });
}

/** The blocks in the week view's column for a local date. */
export function blocksOn(page: Page, date: string) {
  return page.locator(`.fc-timegrid-col[data-date="${date}"] .fc-event`);
}

/** Fills the create / edit-series dialog's title, date and times. */
export async function fillScheduleForm(
  page: Page,
  f: { title: string; date: string; start: string; end: string },
): Promise<void> {
  const dialog = page.locator('#schedule-dialog');
  await dialog.getByLabel('Title').fill(f.title);
  await dialog.getByLabel('Date', { exact: true }).fill(f.date);
  await dialog.getByLabel('Start').fill(f.start);
  await dialog.getByLabel('End', { exact: true }).fill(f.end);
}

/** Instances the API returns for a range, as `date time–time title` lines. */
export async function listed(
  server: TestServer,
  specialist: number,
  start: string,
  end: string,
): Promise<string[]> {
  const res = await server.request('GET', instancesPath(specialist, start, end));
  return res.body.instances.map(
    (i: { start_datetime: string; end_datetime: string; title: string }) =>
      `${i.start_datetime.slice(0, 16)}–${i.end_datetime.slice(11, 16)} ${i.title}`,
  );
}
