import { el } from './dom.js';
import type { OperationSpec } from './operations.js';
import { LABEL, viewOf, type DashboardOperation, type OperationView, type ViewStatus } from './operation-view.js';

/** The footer: how many operations are in each state, and a chip per operation. */
export interface Summary {
  readonly element: HTMLElement;
  /** Shows an operation's newest facts: a second widget on the same list as the cards. */
  update(spec: OperationSpec, op: DashboardOperation | undefined): void;
  startFailed(spec: OperationSpec, error: unknown): void;
}

const COUNTED: readonly ViewStatus[] = ['Running', 'Succeeded', 'Failed', 'Cancelled', 'TimedOut'];

/**
 * A second widget on the same tracker list as the cards. Data attributes for the end-to-end
 * test: `data-<status>` counts on the footer, `data-polls` (status requests seen, all
 * operations), and `data-op`, `data-status`, `data-poll` on each chip.
 */
export function createSummary(specs: readonly OperationSpec[]): Summary {
  const element = el('footer', 'summary');
  const counters = el('p', 'counters');
  const chips = el('ul', 'chips');
  element.append(counters, chips);

  const views = new Map<string, OperationView>(specs.map((spec) => [spec.id, { status: 'Starting', poll: 0 }]));
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
    const total = all.reduce((sum, view) => sum + view.poll, 0);
    element.dataset['polls'] = String(total);
    counters.textContent = `${all.length} operations · ${parts.join(' · ')} · ${total} status requests`;
    for (const [id, view] of views) {
      const entry = chipOf.get(id);
      if (entry === undefined) continue;
      entry.chip.dataset['status'] = view.status;
      entry.chip.dataset['poll'] = String(view.poll);
      entry.state.textContent = `${LABEL[view.status]} · ${view.poll}`;
    }
  };

  render();
  return {
    element,
    update(spec, op) {
      views.set(spec.id, op === undefined ? { status: 'Starting', poll: 0 } : viewOf(op));
      render();
    },
    startFailed(spec, error) {
      views.set(spec.id, { status: 'Error', poll: 0, message: error instanceof Error ? error.message : String(error) });
      render();
    },
  };
}
