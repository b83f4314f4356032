import type { AsyncPoller } from 'rxjs-odata-async';
import { el } from './dom.js';
import type { OperationSpec } from './operations.js';
import { LABEL, operationView$, TERMINAL, type OperationView, type ViewStatus } from './operation-view.js';

/** One status in the card's history, with the polls it lasted. */
interface HistoryEntry {
  readonly status: ViewStatus;
  readonly from: number;
  to: number;
}

/** A card: live progress bar, status history and a cancel button for one operation. */
export interface Card {
  readonly element: HTMLElement;
  /** Follows the operation's shared status stream. */
  attach(poller: AsyncPoller): void;
  /** The operation could not be started. */
  startFailed(error: unknown): void;
}

/**
 * The card of one operation. What the end-to-end test reads is on the element as data
 * attributes: `data-op`, `data-status`, `data-poll` (the newest status request seen),
 * `data-percent`, `data-monitor`, `data-cancelled-by`.
 */
export function createCard(spec: OperationSpec): Card {
  const element = el('article', 'card');
  element.dataset['op'] = spec.id;
  const badge = el('span', 'badge');
  const header = el('header');
  header.append(el('h2', undefined, spec.title), badge);
  const scenario = el('p', 'scenario', `${spec.expect} · scenario “${spec.scenario}”`);
  const fill = el('div', 'fill');
  const bar = el('div', 'bar');
  bar.setAttribute('role', 'progressbar');
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', '100');
  bar.append(fill);
  const detail = el('p', 'detail');
  const history = el('ol', 'history');
  const message = el('p', 'message');
  const cancel = el('button', 'cancel', 'Cancel');
  cancel.type = 'button';
  element.append(header, scenario, bar, detail, history, message, cancel);

  let view: OperationView = { status: 'Starting', poll: 0 };
  let percent: number | undefined;
  let highestPoll = 0;
  let cancelling = false;
  let cancelledByYou = false;
  let cancelError: string | undefined;
  const entries: HistoryEntry[] = [];
  let poller: AsyncPoller | undefined;

  const render = (): void => {
    const terminal = TERMINAL.has(view.status);
    element.dataset['status'] = view.status;
    element.dataset['poll'] = String(highestPoll);
    element.dataset['percent'] = percent === undefined ? '' : String(percent);
    if (cancelledByYou) element.dataset['cancelledBy'] = 'you';
    badge.textContent = LABEL[view.status];
    badge.dataset['status'] = view.status;
    bar.classList.toggle('indeterminate', view.status === 'Running' && percent === undefined);
    bar.setAttribute('aria-valuenow', String(percent ?? 0));
    fill.style.width = `${percent ?? (terminal ? 100 : 0)}%`;
    detail.textContent = view.status === 'Starting' ? 'calling SalesReportGenerate …' : `poll ${highestPoll}${percent === undefined ? '' : ` · ${percent}%`}`;
    history.replaceChildren(...entries.map(historyItem));
    message.textContent = cancelError ?? (cancelledByYou ? 'Cancelled by you: DELETE on the status monitor' : (view.message ?? ''));
    cancel.disabled = terminal || cancelling || poller === undefined;
    cancel.textContent = cancelling && !terminal ? 'Cancelling …' : 'Cancel';
  };

  const show = (next: OperationView): void => {
    view = next;
    // A successful cancel's update counts no status request (poll 0): keep the count we had.
    highestPoll = Math.max(highestPoll, next.poll);
    percent = next.status === 'Succeeded' ? 100 : (next.percent ?? percent);
    const last = entries.at(-1);
    if (last !== undefined && last.status === next.status) last.to = highestPoll;
    else entries.push({ status: next.status, from: highestPoll, to: highestPoll });
    if (next.status === 'Cancelled' && cancelling) cancelledByYou = true;
    render();
  };

  cancel.addEventListener('click', () => {
    if (poller === undefined || cancelling) return;
    cancelling = true;
    cancelError = undefined;
    render();
    // The server-side cancel: DELETE on the monitor. Its Cancelled update arrives on status$.
    poller.cancel().subscribe({
      error: (error: unknown) => {
        cancelling = false;
        cancelError = `Cancel refused: ${error instanceof Error ? error.message : String(error)}`;
        render();
      },
    });
  });

  render();
  return {
    element,
    attach(attached) {
      poller = attached;
      element.dataset['monitor'] = attached.location;
      // The 202 said Running before any status request.
      show({ status: 'Running', poll: 0 });
      // The page lives as long as the card: the subscription ends with the stream.
      operationView$(attached).subscribe(show);
    },
    startFailed(error) {
      show({ status: 'Error', poll: 0, message: `Could not start: ${error instanceof Error ? error.message : String(error)}` });
    },
  };
}

function historyItem(entry: HistoryEntry): HTMLLIElement {
  const item = el('li', undefined, LABEL[entry.status]);
  item.dataset['status'] = entry.status;
  const polls = entry.from === entry.to ? `poll ${entry.from}` : `polls ${entry.from}–${entry.to}`;
  item.append(' ', el('small', undefined, polls));
  return item;
}
