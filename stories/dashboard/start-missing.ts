import { firstValueFrom } from 'rxjs';
import type { ODataClient, OperationTracker } from 'rxjs-odata-async';
import type { CardMeta } from './operation-view.js';
import type { OperationSpec } from './operations.js';
import type { DashboardSettings } from './settings.js';
import { startOperation } from './start-operation.js';

/** Storage keys of the cards whose operation a tab has started (or is starting). */
const CLAIM = 'rxjs-odata-async/dashboard/started/';

/** What the page does when a start fails. */
export type StartFailed = (spec: OperationSpec, error: unknown) => void;

/**
 * Starts the operation of each card no tab has started yet, and tracks it. Tabs take turns (a
 * Web Lock, where there is one): a tab opened while another is starting finds the claims and
 * starts nothing, so each operation is started once, whatever the number of tabs.
 */
export function startMissing(
  client: ODataClient,
  tracker: OperationTracker<CardMeta>,
  specs: readonly OperationSpec[],
  settings: DashboardSettings,
  failed: StartFailed,
): Promise<void> {
  const run = async (): Promise<void> => {
    const starts = specs
      .filter((spec) => localStorage.getItem(CLAIM + spec.id) === null)
      .map(async (spec) => {
        localStorage.setItem(CLAIM + spec.id, new Date().toISOString());
        try {
          const poller = await firstValueFrom(startOperation(client, spec, { pollInterval: settings.pollInterval, pauseWhenHidden: settings.pauseWhenHidden }));
          tracker.track(poller, { op: spec.id });
        } catch (error) {
          // Not started: the next load (or "Run again") tries again.
          localStorage.removeItem(CLAIM + spec.id);
          failed(spec, error);
        }
      });
    await Promise.all(starts);
  };
  return 'locks' in navigator ? navigator.locks.request(CLAIM, run) : run();
}

/** Forgets every operation (in all tabs) and every claim, and starts all again. */
export function runAgain(
  client: ODataClient,
  tracker: OperationTracker<CardMeta>,
  ids: readonly string[],
  specs: readonly OperationSpec[],
  settings: DashboardSettings,
  failed: StartFailed,
): Promise<void> {
  for (const id of ids) tracker.dismiss(id);
  for (const spec of specs) localStorage.removeItem(CLAIM + spec.id);
  return startMissing(client, tracker, specs, settings, failed);
}
