import type { AsyncPoller } from 'rxjs-odata-async';
import { el } from './dom.js';
import type { OperationSpec } from './operations.js';
import { LABEL, operationView$, type OperationView, type ViewStatus } from './operation-view.js';

/** The footer: how many operations are in each state, and a chip per operation. */
export interface Summary {
  readonly element: HTMLElement;
  /** Follows an operation's shared status stream: a second subscriber next to its card. */
  attach(spec: OperationSpec, poller: AsyncPoller): void;
  startFailed(spec: OperationSpec, error: unknown): void;
}

const COUNTED: readonly ViewStatus[] = ['Running', 'Succeeded', 'Failed', 'Cancelled', 'TimedOut'];

/**
 * A second widget on the same streams as the cards. Data attributes for the end-to-end test:
 * `data-<status>` counts on the footer, `data-polls` (status requests seen, all operations),
 * and `data-op`, `data-status`, `data-poll` on each chip.
 */
export function createSummary(specs: readonly OperationSpec[]): Summary {
  const element = el('footer', 'summary');
  const counters = el('p', 'counters');
  const chips = el('ul', 'chips');
  element.append(counters, chips);

  const views = new Map<string, OperationView>(specs.map((spec) => [spec.id, { status: 'Starting', poll: 0 }]));
  // The newest poll of each operation, kept over a cancel's update (which has poll 0).
  const polls = new Map<string, number>();
  const chipOf = new Map<string, { readonly chip: HTMLLIElement; readonly state: HTMLElement }>();
  for (const spec of specs) {
    const chip = el('li', 'chip', spec.title);
    const state = el('small');
    chip.dataset['op'] = spec.id;
    chip.append(' ', state);
    chips.append(chip);
    chipOf.set(spec.id, { chip, state });
  }

  const render = (): void => {
    const all = [...views.values()];
    const parts = COUNTED.map((status) => {
      const count = all.filter((view) => view.status === status).length;
      element.dataset[status.toLowerCase()] = String(count);
      return `${count} ${LABEL[status].toLowerCase()}`;
    });
    const total = [...polls.values()].reduce((sum, n) => sum + n, 0);
    element.dataset['polls'] = String(total);
    counters.textContent = `${all.length} operations · ${parts.join(' · ')} · ${total} status requests`;
    for (const [id, view] of views) {
      const entry = chipOf.get(id);
      if (entry === undefined) continue;
      const poll = polls.get(id) ?? 0;
      entry.chip.dataset['status'] = view.status;
      entry.chip.dataset['poll'] = String(poll);
      entry.state.textContent = `${LABEL[view.status]} · ${poll}`;
    }
  };

  const show = (id: string, view: OperationView): void => {
    views.set(id, view);
    polls.set(id, Math.max(polls.get(id) ?? 0, view.poll));
    render();
  };

  render();
  return {
    element,
    attach(spec, poller) {
      show(spec.id, { status: 'Running', poll: 0 });
      operationView$(poller).subscribe((view) => {
        show(spec.id, view);
      });
    },
    startFailed(spec, error) {
      show(spec.id, { status: 'Error', poll: 0, message: error instanceof Error ? error.message : String(error) });
    },
  };
}
