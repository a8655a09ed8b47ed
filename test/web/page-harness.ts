import { mkdir, writeFile } from 'node:fs/promises';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { buildWeb } from '../../src/web/build.ts';
import { instancesPath } from '../support/fixtures.ts';
import { NOW, type TestServer } from '../support/test-server.ts';

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
 * Screenshots are written only when asked for (`RECURRA_SCREENSHOTS=1 npx vitest run
 * test/web/screenshots.test.ts`), so a test run never changes files under git.
 */
export const WRITE_SCREENSHOTS = process.env.RECURRA_SCREENSHOTS === '1';

/** Takes a screenshot of the page; writes it to docs/screenshots/<name>.png only when asked. */
export async function screenshot(page: Page, name: string): Promise<Buffer> {
  const png = await page.screenshot();
  if (WRITE_SCREENSHOTS) {
    await mkdir(SCREENSHOTS, { recursive: true });
    await writeFile(`${SCREENSHOTS}${name}.png`, png);
  }
  return png;
}

/** The desktop the tests use, and a phone (iPhone X class, 375×812 CSS px). */
export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 375, height: 812 } as const;
export type Viewport = { readonly width: number; readonly height: number };

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

/**
 * Opens `/${query}` and waits until the grid asked for its first range. The browser's clock is
 * pinned to the suite's "now" (`NOW`, as the server's), so "today" never depends on the day the
 * tests run; a phone viewport also gets touch.
 */
export async function openCalendar(
  browser: Browser,
  base: string,
  query: string,
  viewport: Viewport = DESKTOP,
): Promise<CalendarPage> {
  const page = await newPage(browser, viewport);
  const ranges: string[] = [];
  const responses: Response[] = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.pathname.endsWith('/calendar-instances'))
      ranges.push(`${url.searchParams.get('start_date')}..${url.searchParams.get('end_date')}`);
  });
  // A promise, not expect.poll: pages may be opened in beforeAll, outside any test.
  const answered = new Promise<void>((resolve) =>
    page.on('response', (res) => {
      if (!new URL(res.url()).pathname.endsWith('/calendar-instances')) return;
      responses.push(res);
      resolve();
    }),
  );
  await page.goto(`${base}/${query}`);
  await page.locator('.fc').waitFor();
  await answered;
  return { page, ranges, responses };
}

/** A page at a viewport with the browser clock pinned to the suite's "now". */
export async function newPage(browser: Browser, viewport: Viewport = DESKTOP): Promise<Page> {
  const page = await browser.newPage({
    viewport,
    ...(viewport.width < 640 ? { hasTouch: true } : {}),
  });
  await page.clock.setFixedTime(NOW);
  return page;
}

/** Whether anything on the page scrolls sideways: the document wider than the window. */
export async function sideScroll(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
}

/** The top (CSS px) of the time grid's row for `HH:MM:SS`. */
export async function slotTop(page: Page, time: string): Promise<number> {
  return (await page.locator(`.fc-timegrid-slot-lane[data-time="${time}"]`).boundingBox())!.y;
}

/** The API's own view of a schedule and its instances over a range, as raw text. */
export async function apiSnapshot(
  server: TestServer,
  specialist: number,
  schedule: number,
  start: string,
  end: string,
): Promise<{ schedule: string; instances: string }> {
  const s = await server.request('GET', `/specialist/${specialist}/schedules/${schedule}`);
  const i = await server.request('GET', instancesPath(specialist, start, end));
  return { schedule: JSON.stringify(s.body), instances: JSON.stringify(i.body.instances) };
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
