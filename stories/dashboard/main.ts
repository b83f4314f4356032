/**
 * The dashboard page (browser): starts the operations on the OData v4 service of the origin
 * that served the page, and shows each on a card and in the summary footer. Both widgets
 * subscribe to the operation's one shared `poller.status$`, so each tick is one request.
 */
import { createODataClient } from 'rxjs-odata-async';
import { createCard } from './card.js';
import { OPERATIONS } from './operations.js';
import { readSettings } from './settings.js';
import { startOperation } from './start-operation.js';
import { createSummary } from './summary.js';

/** The embedded server's v4 service, on the page's own origin: no CORS, the browser keeps cookies. */
const SERVICE_PATH = '/odata/v4/sales/';

function main(): void {
  const settings = readSettings(location.search);
  const client = createODataClient({ serviceRoot: new URL(SERVICE_PATH, location.origin).href });
  const cards = document.getElementById('cards');
  const interval = document.getElementById('interval');
  if (cards === null || interval === null) throw new Error('dashboard: the page has no #cards or #interval element');
  interval.textContent = `every ${settings.pollInterval} ms`;

  const summary = createSummary(OPERATIONS);
  document.body.append(summary.element);
  for (const spec of OPERATIONS) {
    const card = createCard(spec);
    cards.append(card.element);
    // pauseWhenHidden: a tab in the background sends no status requests.
    startOperation(client, spec, { pollInterval: settings.pollInterval, pauseWhenHidden: true }).subscribe({
      next: (poller) => {
        card.attach(poller);
        summary.attach(spec, poller);
      },
      error: (error: unknown) => {
        card.startFailed(error);
        summary.startFailed(spec, error);
      },
    });
  }
}

main();
