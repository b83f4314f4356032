/**
 * The dashboard story end to end: the page bundled by esbuild, served by the embedded server,
 * run in real headless Chromium (Debian's `chromium`, driven by playwright-core).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import type { LoggedRequest } from 'rxjs-odata-async/testing';
import { startDashboardServer, type DashboardServer } from '../../stories/dashboard/dashboard-server';
import { findChromium, missingChromiumAdvice, systemHost } from '../../scripts/chromium';

// playwright-core gives every launch a new empty profile (--user-data-dir) of its own.
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** ms between status requests on the page (`?poll=`). */
const POLL = 100;
const projectRoot = resolve(__dirname, '../..');
// The README's picture is rewritten only when asked, so that a test run leaves the tree clean.
const SCREENSHOT = process.env['UPDATE_SCREENSHOT'] === '1' ? join(projectRoot, 'docs', 'dashboard.png') : join(projectRoot, '.tmp', 'dashboard.png');

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function waitUntil(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(10);
  }
}

describe('dashboard story (stories/dashboard) in headless Chromium', () => {
  let dashboard: DashboardServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  /** The page's requests that have not finished or failed yet. */
  const inFlight = new Set<Request>();

  const server = () => {
    if (dashboard === undefined) throw new Error('the dashboard server did not start');
    return dashboard.server;
  };
  const card = (op: string) => `.card[data-op="${op}"]`;
  const chip = (op: string) => `.chip[data-op="${op}"]`;
  const data = (selector: string, name: string) => page.$eval(selector, (element, key) => (element as HTMLElement).dataset[key] ?? '', name);
  const text = (selector: string) => page.$eval(selector, (element) => element.textContent);
  const history = (op: string) => page.$$eval(`${card(op)} .history li`, (items) => items.map((item) => (item as HTMLElement).dataset['status']));
  const monitorPath = async (op: string) => new URL(await data(card(op), 'monitor')).pathname;
  const requestsTo = (path: string, method = 'GET'): LoggedRequest[] => server().requestsTo((r) => r.method === method && r.url.split('?')[0] === path);
  const setVisibility = (state: 'hidden' | 'visible') =>
    page.evaluate((value) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => value });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => value === 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);

  beforeAll(async () => {
    // The README's test command finds or installs Chromium (npm run ensure-chromium); a machine
    // without it must fail here, with what to install, not skip the story.
    const executablePath = findChromium(systemHost());
    if (executablePath === undefined) throw new Error(missingChromiumAdvice());
    dashboard = await startDashboardServer();
    browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
    page = await browser.newPage({ viewport: { width: 1200, height: 780 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => inFlight.add(request));
    page.on('requestfinished', (request) => inFlight.delete(request));
    page.on('requestfailed', (request) => inFlight.delete(request));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`${message.text()} (${message.location().url})`);
    });
    await page.goto(`${dashboard.url}?poll=${POLL}`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.server.close();
  });

  it('starts every operation with one POST and brings each card to its terminal state', async () => {
    await page.waitForSelector(`${card('snapshot')}[data-status="Succeeded"]`, { timeout: 30_000 });
    await page.waitForSelector(`${card('annual')}[data-status="Succeeded"]`, { timeout: 30_000 });
    await page.waitForSelector(`${card('emea')}[data-status="Failed"]`, { timeout: 30_000 });
    await page.waitForSelector(`${card('inventory')}[data-status="Failed"]`, { timeout: 30_000 });
    await page.waitForSelector(`${card('archive')}[data-status="TimedOut"]`, { timeout: 30_000 });
    expect(await data(card('export'), 'status')).toBe('Running');

    // The six calls go out in parallel, on several connections: compare them in a fixed order.
    const posts = server()
      .requestsTo((r) => r.method === 'POST')
      .map((r) => [r.url, r.headers['x-mock-scenario'], r.status]);
    expect(posts.sort()).toEqual(
      ['cancelled', 'fail', 'fast', 'never', 'never', 'slow-progress'].map((scenario) => ['/odata/v4/sales/SalesReportGenerate', scenario, 202]),
    );
    expect(await history('snapshot')).toEqual(['Running', 'Succeeded']);
    expect(await history('annual')).toEqual(['Running', 'Succeeded']);
    expect(await data(card('annual'), 'percent')).toBe('100');
    expect(await text(`${card('annual')} .detail`)).toBe('poll 6 · 100%');
    expect(await history('emea')).toEqual(['Running', 'Failed']);
    expect(await text(`${card('emea')} .message`)).toBe('Report generation failed: no sales data for the year');
    expect(await text(`${card('inventory')} .message`)).toBe('The operation was cancelled by the service');
    expect(await history('archive')).toEqual(['Running', 'TimedOut']);
    expect(await data(card('archive'), 'poll')).toBe('6');
    expect(await text(`${card('archive')} .message`)).toBe('still running after 6 polls: gave up');
    expect(await page.$$eval('.card .cancel:disabled', (buttons) => buttons.length)).toBe(5);
    expect(await data('.summary', 'succeeded')).toBe('2');
    expect(await data('.summary', 'failed')).toBe('2');
    expect(await data('.summary', 'timedout')).toBe('1');
    expect(await data('.summary', 'running')).toBe('1');
  }, 60_000);

  it('sends one status request per tick for the two widgets on each shared status$', async () => {
    for (const op of ['snapshot', 'annual', 'emea', 'inventory', 'archive']) {
      const polls = await data(card(op), 'poll');
      // The card and the summary chip both subscribe; the server saw each poll once.
      expect([op, await data(chip(op), 'poll'), requestsTo(await monitorPath(op)).length]).toEqual([op, polls, Number(polls)]);
    }
    expect(await data(card('annual'), 'poll')).toBe('6');
  }, 60_000);

  it('stops polling while the page is hidden and resumes when it shows again', async () => {
    const monitor = await monitorPath('export');
    await waitUntil('the export has been polled a few times', () => requestsTo(monitor).length >= 3);
    await setVisibility('hidden');
    // A request already in flight may still finish (however long a busy machine takes to answer
    // it); after that nothing is sent.
    await waitUntil('no status request of the page is in flight', () => inFlight.size === 0);
    const whileHidden = requestsTo(monitor).length;
    await sleep(8 * POLL);
    expect(requestsTo(monitor).length).toBe(whileHidden);
    expect(await data(card('export'), 'poll')).toBe(String(whileHidden));
    expect(await data(chip('export'), 'poll')).toBe(String(whileHidden));

    await setVisibility('visible');
    await waitUntil('polling resumed', () => requestsTo(monitor).length >= whileHidden + 2);
    await page.waitForFunction(
      ([selector, poll]) => Number(document.querySelector<HTMLElement>(selector)?.dataset['poll']) > poll,
      [card('export'), whileHidden] as const,
      { timeout: 30_000 },
    );
  }, 60_000);

  it('renders a page a person can read (screenshot)', async () => {
    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    const png = await page.screenshot({ fullPage: true });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    writeFileSync(SCREENSHOT, png);
  }, 60_000);

  it('cancels on the server when the cancel button is clicked', async () => {
    const monitor = await monitorPath('export');
    const button = `${card('export')} .cancel`;
    expect([await page.isVisible(button), await page.isEnabled(button)]).toEqual([true, true]);
    // Clicked in the page just after a poll's answer, an interval before the next tick:
    // poller.cancel() does not hold the poll loop while its DELETE is in flight, so a tick that
    // coincides with the click sends a GET behind the DELETE (answered 404: the monitor is gone).
    await page.evaluate(
      (selector) =>
        new Promise<void>((clicked) => {
          const element = document.querySelector<HTMLElement>(selector);
          const cancel = element?.querySelector('button');
          if (!element || !cancel) throw new Error(`no cancel button in ${selector}`);
          const polled = element.dataset['poll'];
          const observer = new MutationObserver(() => {
            if (element.dataset['poll'] === polled) return;
            observer.disconnect();
            cancel.click();
            clicked();
          });
          observer.observe(element, { attributes: true, attributeFilter: ['data-poll'] });
        }),
      card('export'),
    );
    await page.waitForSelector(`${card('export')}[data-status="Cancelled"]`, { timeout: 30_000 });
    expect(requestsTo(monitor, 'DELETE').map((r) => r.status)).toEqual([204]);
    expect(await text(`${card('export')} .message`)).toBe('Cancelled by you: DELETE on the status monitor');
    expect(await data(card('export'), 'cancelledBy')).toBe('you');
    expect(await history('export')).toEqual(['Running', 'Cancelled']);
    expect(await page.isDisabled(`${card('export')} .cancel`)).toBe(true);
    expect(await data(chip('export'), 'status')).toBe('Cancelled');
    expect(await data('.summary', 'cancelled')).toBe('1');
    expect(await data('.summary', 'running')).toBe('0');

    // The shared stream ended with the Cancelled update: polling has stopped.
    const polled = requestsTo(monitor).length;
    await sleep(4 * POLL);
    expect(requestsTo(monitor).length).toBe(polled);
  }, 60_000);

  it('ran without page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
