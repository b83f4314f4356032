/**
 * The dashboard page (browser): starts the operations on the OData v4 service of the origin
 * that served the page and follows them with an operation tracker kept in `localStorage`. A
 * reload keeps every card and resumes every unfinished operation where it was; tabs of the page
 * share the polling (one tab polls each operation, the others show its updates), and when the
 * polling tab closes another takes over. The cards and the summary read the same list.
 */
import { type Observable, take } from 'rxjs';
import { createODataClient, createOperationTracker } from 'rxjs-odata-async';
import { createCard } from './card.js';
import { CardMeta, operationOf, type DashboardOperation } from './operation-view.js';
import { OPERATIONS } from './operations.js';
import { readSettings } from './settings.js';
import { runAgain, startMissing } from './start-missing.js';
import { createSummary } from './summary.js';

/** The embedded server's v4 service, on the page's own origin: no CORS, the browser keeps cookies. */
const SERVICE_PATH = '/odata/v4/sales/';

function main(): void {
  const settings = readSettings(location.search);
  const client = createODataClient({ serviceRoot: new URL(SERVICE_PATH, location.origin).href });
  const cards = document.getElementById('cards');
  const interval = document.getElementById('interval');
  const again = document.getElementById('again');
  const restored = document.getElementById('restored');
  if (cards === null || interval === null || again === null || restored === null) {
    throw new Error('dashboard: the page has no #cards, #interval, #again or #restored element');
  }
  interval.textContent = `every ${settings.pollInterval} ms`;

  const tracker = createOperationTracker(client, {
    storage: localStorage,
    meta: CardMeta,
    // The options of a resumed poller (after a reload, or in the tab that takes over); maxPolls comes from each token.
    pollOptions: { pollInterval: settings.pollInterval, pauseWhenHidden: settings.pauseWhenHidden },
  });
  const summary = createSummary(OPERATIONS);
  document.body.append(summary.element);
  const widgets = OPERATIONS.map((spec) => {
    const card = createCard(spec, (id) => {
      tracker.cancel(id);
    });
    cards.append(card.element);
    return { spec, card };
  });
  const failed = (spec: (typeof OPERATIONS)[number], error: unknown): void => {
    widgets.find((widget) => widget.spec === spec)?.card.startFailed(error);
    summary.startFailed(spec, error);
  };

  // The tracker restored what the storage held as it was created: its first list.
  const before = firstList(tracker.operations$);
  const unfinished = before.filter((op) => !op.done).length;
  restored.dataset['count'] = String(before.length);
  restored.textContent =
    before.length === 0 ? '' : `Restored ${before.length} operations from localStorage, ${unfinished} still running: resumed where they were.`;

  let latest: readonly DashboardOperation[] = [];
  // The page lives as long as the tracker: the subscription ends with the page.
  tracker.operations$.subscribe((ops) => {
    latest = ops;
    for (const { spec, card } of widgets) {
      const op = operationOf(ops, spec.id);
      card.update(op);
      summary.update(spec, op);
    }
  });
  again.addEventListener('click', () => {
    void runAgain(
      client,
      tracker,
      latest.map((op) => op.id),
      OPERATIONS,
      settings,
      failed,
    );
  });
  void startMissing(client, tracker, OPERATIONS, settings, failed);
}

function firstList<T>(list$: Observable<readonly T[]>): readonly T[] {
  let first: readonly T[] = [];
  list$.pipe(take(1)).subscribe((list) => (first = list));
  return first;
}

main();
