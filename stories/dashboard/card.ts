import { el } from './dom.js';
import type { OperationSpec } from './operations.js';
import { LABEL, TERMINAL, viewOf, type DashboardOperation, type OperationView, type ViewStatus } from './operation-view.js';

/** One status in the card's history, with the polls it lasted. */
interface HistoryEntry {
  readonly status: ViewStatus;
  readonly from: number;
  to: number;
}

/** A card: live progress bar, status history and a cancel button for one operation. */
export interface Card {
  readonly element: HTMLElement;
  /** Shows the operation's newest facts (from the tracker: this tab's polls or another tab's); `undefined` before it is started. */
  update(op: DashboardOperation | undefined): void;
  /** The operation could not be started. */
  startFailed(error: unknown): void;
}

/**
 * The card of one operation. What the end-to-end test reads is on the element as data
 * attributes: `data-op`, `data-status`, `data-poll` (the newest status request seen),
 * `data-percent`, `data-monitor`, `data-cancelled-by`, `data-polled-here` (this tab polls it).
 */
export function createCard(spec: OperationSpec, cancelOperation: (id: string) => void): Card {
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

  let op: DashboardOperation | undefined;
  let view: OperationView = { status: 'Starting', poll: 0 };
  let highestPoll = 0;
  let cancelling = false;
  let cancelledByYou = false;
  let startError: string | undefined;
  let entries: HistoryEntry[] = [];

  const render = (): void => {
    const terminal = TERMINAL.has(view.status);
    const percent = view.status === 'Succeeded' ? 100 : view.percent;
    element.dataset['status'] = view.status;
    element.dataset['poll'] = String(highestPoll);
    element.dataset['percent'] = percent === undefined ? '' : String(percent);
    element.dataset['monitor'] = op?.location ?? '';
    element.dataset['polledHere'] = op?.polledHere === true ? 'yes' : 'no';
    if (cancelledByYou) element.dataset['cancelledBy'] = 'you';
    else delete element.dataset['cancelledBy'];
    badge.textContent = LABEL[view.status];
    badge.dataset['status'] = view.status;
    bar.classList.toggle('indeterminate', view.status === 'Running' && percent === undefined);
    bar.setAttribute('aria-valuenow', String(percent ?? 0));
    fill.style.width = `${percent ?? (terminal ? 100 : 0)}%`;
    detail.textContent = view.status === 'Starting' ? 'calling SalesReportGenerate …' : `poll ${highestPoll}${percent === undefined ? '' : ` · ${percent}%`}`;
    history.replaceChildren(...entries.map(historyItem));
    const cancelError = op?.cancelError === undefined ? undefined : `Cancel refused: ${op.cancelError}`;
    message.textContent = startError ?? cancelError ?? (cancelledByYou ? 'Cancelled by you: DELETE on the status monitor' : (view.message ?? ''));
    cancel.disabled = terminal || op === undefined || (cancelling && cancelError === undefined);
    cancel.textContent = cancelling && !terminal && cancelError === undefined ? 'Cancelling …' : 'Cancel';
  };

  const show = (next: OperationView): void => {
    view = next;
    // A successful cancel's update counts no status request (poll 0): keep the count we had.
    highestPoll = Math.max(highestPoll, next.poll);
    const last = entries.at(-1);
    if (last !== undefined && last.status === next.status) last.to = highestPoll;
    else entries.push({ status: next.status, from: highestPoll, to: highestPoll });
    if (next.status === 'Cancelled' && cancelling) cancelledByYou = true;
    render();
  };

  cancel.addEventListener('click', () => {
    if (op === undefined || cancelling) return;
    cancelling = true;
    render();
    // The server-side cancel: DELETE on the monitor, sent by whichever tab polls the operation.
    cancelOperation(op.id);
  });

  render();
  return {
    element,
    update(next) {
      if (next?.id !== op?.id) {
        // Another operation for this card ("Run again"): a fresh history.
        entries = [];
        highestPoll = 0;
        cancelling = false;
        cancelledByYou = false;
        startError = undefined;
        view = { status: 'Starting', poll: 0 };
      }
      op = next;
      if (next === undefined) render();
      else show(viewOf(next));
    },
    startFailed(error) {
      startError = `Could not start: ${error instanceof Error ? error.message : String(error)}`;
      show({ status: 'Error', poll: 0 });
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
