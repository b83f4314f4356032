import type { Scenario } from './scenario.js';

/**
 * The named scenarios every server knows. Each is layered over the server defaults, so
 * `defaultScenario({ retryAfter: 0 })` also applies to them.
 */
export const BUILT_IN_SCENARIOS: Readonly<Record<string, Scenario>> = Object.freeze({
  /** Two Running answers, then Succeeded with the default result. */
  default: {},
  /** Completed on the first poll. */
  fast: { runningPolls: 0 },
  /** Five Running answers with progress 20, 40, 60, 80, 100. */
  'slow-progress': { runningPolls: 5, progress: [20, 40, 60, 80, 100] },
  /** Ends Failed with an error. */
  fail: { outcome: 'Failed', error: { code: 'REPORT_FAILED', message: 'Report generation failed: no sales data for the year' } },
  /** Cancelled by the service itself (v4: an embedded 503). */
  cancelled: { outcome: 'Cancelled' },
  /** Runs forever. */
  never: { runningPolls: Number.POSITIVE_INFINITY },
  /** A 503 on the first poll and a 429 (`Retry-After: 1`) on the second. */
  flaky: {
    faults: [
      { at: 1, kind: '503' },
      { at: 2, kind: '429', retryAfter: 1 },
    ],
  },
  /** `Retry-After` as an HTTP-date about 2 s ahead. */
  'retry-after-date': { retryAfter: 'http-date' },
  /** Every Running 202 names a new monitor URL. */
  'changing-location': { changingLocation: true },
  /** v4 completion in the 4.0 `application/http` envelope whatever the request said. */
  envelope: { completion: 'envelope' },
  /** v4 completion in the 4.01 `AsyncResult` form whatever the request said. */
  asyncresult: { completion: 'asyncresult' },
  /** 202 without `Location`. */
  'no-location': { noLocation: true },
  /** `Location` on another origin (`https://attacker.invalid/...`, a name that never resolves). */
  'foreign-location': { foreignLocation: 'https://attacker.invalid/odata/$monitor/stolen' },
  /** `Location` relative to the request URL. */
  'relative-location': { relativeLocation: true },
  /** The monitor answers 404 after the first completed GET. */
  'delete-after-complete': { runningPolls: 0, deleteAfterComplete: true },
  /** The monitor answers 410 after the first completed GET. */
  gone: { runningPolls: 0, deleteAfterComplete: 'gone' },
  /** DELETE on the monitor answers 202 with a cancel monitor. */
  'cancel-async': { runningPolls: Number.POSITIVE_INFINITY, cancel: 'async' },
  /** DELETE on the monitor answers 405 with `Allow: GET`. */
  'cancel-unsupported': { runningPolls: Number.POSITIVE_INFINITY, cancel: 'unsupported' },
  /** Answers synchronously even with `Prefer: respond-async`. */
  sync: { sync: true },
  /** Azure: `Operation-Location` alone names the monitor. */
  'azure-operation-location': { azure: { monitor: 'operation-location' } },
  /** Azure: `Azure-AsyncOperation` alone names the monitor. */
  'azure-asyncoperation': { azure: { monitor: 'azure-asyncoperation' } },
  /** Azure: `Azure-AsyncOperation` names the monitor, `Location` only where the result will be. */
  'azure-result-location': { azure: { monitor: 'azure-asyncoperation', resultLocation: true } },
  /** Azure: `Location` alone, a monitor answering 202 while running and then the result. */
  'azure-location': { azure: { monitor: 'location' } },
  /** Azure: a 202 that names no monitor at all. */
  'azure-no-monitor': { azure: { monitor: 'none' } },
  /** Azure: a 500 on the first call (its retry goes through). */
  'azure-start-500': { azure: { startFaults: [{ at: 1, kind: '500' }] } },
} satisfies Record<string, Scenario>);
