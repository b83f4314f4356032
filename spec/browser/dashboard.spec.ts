/**
 * The dashboard story end to end: the page bundled by esbuild, served by the embedded server,
 * run in real headless Chromium (Debian's `chromium`, driven by playwright-core).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
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
const RELOAD_SCREENSHOT =
  process.env['UPDATE_SCREENSHOT'] === '1' ? join(projectRoot, 'docs', 'dashboard-reload.png') : join(projectRoot, '.tmp', 'dashboard-reload.png');

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
  const history = (op: string, tab = page) => tab.$$eval(`${card(op)} .history li`, (items) => items.map((item) => (item as HTMLElement).dataset['status']));
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
    // ?pause=hidden: the polling tab pauses while hidden (pauseWhenHidden), which one test checks.
    await page.goto(`${dashboard.url}?poll=${POLL}&pause=hidden`);
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

  it('sends one status request per tick for the two widgets on the tracker list', async () => {
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

  /**
   * The operation tracker in one browser profile (one origin, one localStorage, one set of Web
   * Locks): a reload mid-run, then three tabs, then the polling tab closed. Slower polls than
   * above, so that operations are still running at each step; the assertions compare counts
   * and the order of requests, never a tight duration.
   */
  describe('operations that outlive the page (tracker, localStorage, three tabs)', () => {
    /** ms between status requests in this part. */
    const TICK = 500;
    let context: BrowserContext;
    const errors: string[] = [];
    const open = async (): Promise<Page> => {
      const tab = await context.newPage();
      tab.on('pageerror', (error) => errors.push(error.message));
      tab.on('console', (message) => {
        if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
      });
      await tab.goto(`${server().origin}/dashboard/?poll=${TICK}`);
      return tab;
    };
    /** Each card's operation as a tab shows it. */
    const cardsOf = (tab: Page) =>
      tab.$$eval('.card', (cards) =>
        cards.map((card) => {
          const data = (card as HTMLElement).dataset;
          return {
            op: data['op'] ?? '',
            monitor: data['monitor'] ?? '',
            status: data['status'] ?? '',
            poll: Number(data['poll']),
            here: data['polledHere'] === 'yes',
          };
        }),
      );
    const cardOf = async (tab: Page, op: string) => {
      const found = (await cardsOf(tab)).find((card) => card.op === op);
      if (found === undefined) throw new Error(`no card ${op}`);
      return found;
    };
    const getsTo = (monitor: string) => requestsTo(new URL(monitor).pathname);
    // This part's pages only (the page above may still be starting when a single test of this part runs).
    const posts = () => server().requestsTo((r) => r.method === 'POST' && (r.headers['referer'] ?? '').endsWith(`?poll=${TICK}`));
    const allStarted = (tab: Page) =>
      tab.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.card')].every((card) => card.dataset['monitor'] !== ''), undefined, {
        timeout: 10_000,
      });
    /** Fails when two status requests of one monitor came less than half a tick apart: two tabs polled it. */
    const expectOnePollPerTick = (monitor: string) => {
      const times = getsTo(monitor).map((r) => r.time);
      const gaps = times.slice(1).map((time, i) => time - (times[i] ?? 0));
      expect(gaps.filter((gap) => gap < TICK / 2)).toEqual([]);
    };

    beforeAll(async () => {
      context = await (browser as Browser).newContext({ viewport: { width: 1200, height: 900 } });
      server().clearLog();
    });
    afterAll(async () => {
      await context.close();
    });

    let first: Page;
    let before: Awaited<ReturnType<typeof cardsOf>>;

    it('a reload mid-run keeps every card and resumes every unfinished operation, poll count carried on', async () => {
      first = await open();
      await allStarted(first);
      // Reloaded from inside the page as soon as every running operation's second poll is answered,
      // about half a tick before the next ones: a request in flight would be lost with the page
      // and sent again by the reloaded one.
      before = await first.evaluate(
        (selector) =>
          new Promise<Array<{ op: string; monitor: string; status: string; poll: number; here: boolean }>>((resolve) => {
            const annual = document.querySelector<HTMLElement>(selector);
            if (annual === null) throw new Error(`no ${selector}`);
            const cards = [...document.querySelectorAll<HTMLElement>('.card')];
            const seen = (): void => {
              if (Number(annual.dataset['poll']) < 2) return;
              if (cards.some((c) => c.dataset['status'] === 'Running' && Number(c.dataset['poll']) < 2)) return;
              observer.disconnect();
              resolve(
                cards.map((c) => ({
                  op: c.dataset['op'] ?? '',
                  monitor: c.dataset['monitor'] ?? '',
                  status: c.dataset['status'] ?? '',
                  poll: Number(c.dataset['poll']),
                  here: c.dataset['polledHere'] === 'yes',
                })),
              );
              setTimeout(() => {
                location.reload();
              }, 20);
            };
            const observer = new MutationObserver(seen);
            for (const c of cards) observer.observe(c, { attributes: true, attributeFilter: ['data-poll', 'data-status'] });
            // Already there (a slow machine): reload now rather than wait for ever.
            seen();
          }),
        card('annual'),
      );
      const running = before.filter((c) => c.status === 'Running').map((c) => c.op);
      expect(running).toEqual(expect.arrayContaining(['annual', 'archive', 'export']));

      await first.waitForFunction(() => document.querySelector<HTMLElement>('#restored')?.dataset['count'] === '6', undefined, { timeout: 10_000 });
      await allStarted(first);
      const after = await cardsOf(first);
      // Same operations (same monitors), none started again, none restarted at poll 0.
      expect(after.map((c) => [c.op, c.monitor])).toEqual(before.map((c) => [c.op, c.monitor]));
      for (const c of after) expect(c.poll).toBeGreaterThanOrEqual(before.find((b) => b.op === c.op)?.poll ?? Infinity);
      expect(await first.$eval('#restored', (element) => (element as HTMLElement).dataset['count'])).toBe('6');
      expect(posts()).toHaveLength(6);
      // The picture for the README: the first poll after the reload, counted on from where it was.
      await first.waitForSelector(`${card('annual')}[data-poll="3"]`, { timeout: 10_000 });
      mkdirSync(join(RELOAD_SCREENSHOT, '..'), { recursive: true });
      writeFileSync(RELOAD_SCREENSHOT, await first.screenshot({ fullPage: true, animations: 'disabled' }));

      // The two that end on their own end as they would have without the reload: annual after 6
      // polls, archive given up after maxPolls 6 (a count restarted at 0 would poll it 6 more times).
      await first.waitForSelector(`${card('annual')}[data-status="Succeeded"]`, { timeout: 15_000 });
      await first.waitForSelector(`${card('archive')}[data-status="TimedOut"]`, { timeout: 15_000 });
      const done = await cardsOf(first);
      for (const op of ['annual', 'archive']) {
        const c = done.find((d) => d.op === op)!;
        expect([op, c.poll, getsTo(c.monitor).length]).toEqual([op, 6, 6]);
        expectOnePollPerTick(c.monitor);
      }
      expect(await history('annual', first)).toEqual(['Running', 'Succeeded']);
    }, 40_000);

    it('three tabs: every tab shows every operation, one status GET per operation per tick in total', async () => {
      const second = await open();
      const third = await open();
      await allStarted(second);
      await allStarted(third);
      // "Run again" in the second tab: all tabs drop the old operations, the second starts six new ones.
      await second.click('#again');
      await second.waitForFunction(
        (old) => [...document.querySelectorAll<HTMLElement>('.card')].every((c) => c.dataset['monitor'] !== '' && !old.includes(c.dataset['monitor'] ?? '')),
        before.map((c) => c.monitor),
        { timeout: 10_000 },
      );
      expect(posts()).toHaveLength(12);
      const fresh = await cardsOf(second);
      // Within a few ticks every tab shows the same operations, and only the second polls them
      // (waited for rather than slept on: a loaded machine may take longer than three ticks).
      await sleep(3 * TICK);
      for (const tab of [first, second, third]) {
        await tab.waitForFunction(
          ({ monitors, polling }) => {
            const cards = [...document.querySelectorAll<HTMLElement>('.card')];
            const running = cards.filter((c) => c.dataset['status'] === 'Running');
            return cards.map((c) => c.dataset['monitor']).join() === monitors.join() && running.every((c) => (c.dataset['polledHere'] === 'yes') === polling);
          },
          { monitors: fresh.map((c) => c.monitor), polling: tab === second },
          { timeout: 15_000 },
        );
      }
      await third.waitForSelector(`${card('annual')}[data-status="Succeeded"]`, { timeout: 15_000 });
      await third.waitForSelector(`${card('archive')}[data-status="TimedOut"]`, { timeout: 15_000 });
      for (const op of ['snapshot', 'annual', 'emea', 'inventory', 'archive', 'export']) {
        const monitor = fresh.find((c) => c.op === op)!.monitor;
        expectOnePollPerTick(monitor);
        // What each tab shows is what the one polling tab saw.
        const polls = getsTo(monitor).length;
        for (const tab of [first, second, third]) {
          await tab.waitForFunction(
            ([selector, n]) => Number(document.querySelector<HTMLElement>(selector)?.dataset['poll']) >= n,
            [card(op), polls] as const,
            { timeout: 5000 },
          );
        }
      }
      expect([(await cardOf(first, 'annual')).poll, (await cardOf(third, 'archive')).poll]).toEqual([6, 6]);

      // The polling tab closes: another one polls the export within one interval, the count carried on.
      const monitor = fresh.find((c) => c.op === 'export')!.monitor;
      // Closed as soon as the polling tab has read a poll's answer, well before the next poll.
      const seen = getsTo(monitor).length;
      await second.waitForFunction(
        ([selector, n]) => Number(document.querySelector<HTMLElement>(selector)?.dataset['poll']) > n,
        [card('export'), seen] as const,
        {
          timeout: 5000,
        },
      );
      const lastBefore = getsTo(monitor).at(-1)!;
      const pollsBefore = getsTo(monitor).length;
      await second.close();
      await waitUntil('another tab polls the export', () => getsTo(monitor).length > pollsBefore + 1, 10_000);
      const takenOver = getsTo(monitor)[pollsBefore]!;
      // The next poll goes out a tick after the last one (measured: ~506 ms for a 500 ms tick; the
      // margin is for a loaded machine, far below any timeout or fallback that could pass for a takeover).
      expect(takenOver.time - lastBefore.time).toBeLessThan(TICK + 2000);
      expect(takenOver.time - lastBefore.time).toBeGreaterThanOrEqual(TICK / 2);
      expectOnePollPerTick(monitor);
      const pollers = [];
      for (const tab of [first, third]) if ((await cardOf(tab, 'export')).here) pollers.push(tab);
      expect(pollers).toHaveLength(1);
      const polls = getsTo(monitor).length;
      for (const tab of [first, third]) {
        await tab.waitForFunction(
          ([selector, n]) => Number(document.querySelector<HTMLElement>(selector)?.dataset['poll']) >= n,
          [card('export'), polls] as const,
          {
            timeout: 5000,
          },
        );
      }
      expect(posts()).toHaveLength(12);
    }, 60_000);

    it('ran without page errors', () => {
      expect(errors).toEqual([]);
    });
  });
});
