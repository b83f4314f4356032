import { parsePrefer } from './prefer.js';
import type { ResolvedScenario } from './scenario.js';

/** How to answer an operation request. */
export type AsyncDecision =
  | { readonly kind: 'sync' }
  /** Answer synchronously once the operation is done, `ms` from now (`Prefer: wait`). */
  | { readonly kind: 'sync-after'; readonly ms: number }
  | { readonly kind: 'async' };

/**
 * Decides between a synchronous answer and a 202, as an OData service does (§8.2.8.8, §8.2.8.10):
 * 202 only when `Prefer: respond-async` was sent and the scenario is not `sync`; with
 * `wait=N`, an operation known to finish within N seconds is answered synchronously.
 */
export function decideAsync(preferHeader: string | undefined, s: ResolvedScenario): AsyncDecision {
  const prefer = parsePrefer(preferHeader);
  if (!prefer.respondAsync || s.sync) return { kind: 'sync' };
  if (prefer.wait !== undefined) {
    const limit = prefer.wait * 1000;
    if (s.runFor !== undefined && s.runFor <= limit) return { kind: 'sync-after', ms: s.runFor };
    if (s.runFor === undefined && s.runningPolls === 0) return { kind: 'sync' };
  }
  return { kind: 'async' };
}
