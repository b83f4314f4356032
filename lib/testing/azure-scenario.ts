import { oneOf, type Mutable } from './checks.js';
import { parseFaults, type Fault } from './fault.js';
import { fail, isRecord, ok, type ParseResult } from './parse-result.js';

/**
 * How the first answer of an Azure operation names its monitor:
 * - `'both'`: `Azure-AsyncOperation` and `Location`, both the status monitor (ARM's habit)
 * - `'azure-asyncoperation'`, `'operation-location'`: that header alone names the status monitor
 * - `'location'`: `Location` alone, a monitor that answers 202 while running, then the result
 * - `'none'`: a 202 that names no monitor at all
 * - `'provisioning'` (PUT and PATCH only): no monitor header; the resource's own URL reports its
 *   `properties.provisioningState` (`Creating`, `Updating`, then a terminal word)
 */
export type AzureMonitorStyle = 'both' | 'azure-asyncoperation' | 'operation-location' | 'location' | 'none' | 'provisioning';

const MONITOR_STYLES: readonly AzureMonitorStyle[] = ['both', 'azure-asyncoperation', 'operation-location', 'location', 'none', 'provisioning'];

/** The Azure service's own scenario fields (`scenario.azure`); the other services ignore them. */
export interface AzureScenario {
  /** Which headers name the monitor. @default 'provisioning' for PUT and PATCH, 'both' for POST and DELETE */
  readonly monitor?: AzureMonitorStyle;
  /**
   * With `'azure-asyncoperation'` or `'operation-location'`: the first answer also carries a
   * `Location` that is only the address of the final result (`results/<id>`, 404 until the
   * operation has succeeded), not a monitor. @default false
   */
  readonly resultLocation?: boolean;
  /**
   * Status of a first answer that names a monitor; 200 and 201 carry a body whose
   * `properties.provisioningState` is `Accepted`. @default 202
   */
  readonly status?: 200 | 201 | 202;
  /**
   * A `Succeeded` status monitor body names the result with `resourceLocation`. `false`: the
   * body carries the result itself (its fields next to `status`). @default true
   */
  readonly resourceLocation?: boolean;
  /**
   * Faults on the first call. `at` counts the requests with the same method and URL (path and
   * query), so a client's retry of the call gets the next number. A faulted call starts nothing.
   * @default []
   */
  readonly startFaults?: readonly Fault[];
}

/** {@link AzureScenario} with its defaults filled in (`monitor` stays open: its default depends on the method). */
export interface ResolvedAzureScenario {
  /** Which headers name the monitor; `undefined`: by method (PUT/PATCH `'provisioning'`, else `'both'`). */
  readonly monitor: AzureMonitorStyle | undefined;
  /** Whether `Location` is the final result's address next to the monitor header. */
  readonly resultLocation: boolean;
  /** Status of a first answer that names a monitor. */
  readonly status: 200 | 201 | 202;
  /** Whether a `Succeeded` status body names `resourceLocation` (else it carries the result). */
  readonly resourceLocation: boolean;
  /** Faults on the first call, numbered per method and URL. */
  readonly startFaults: readonly Fault[];
}

const AZURE_KEYS: ReadonlySet<string> = new Set(['monitor', 'resultLocation', 'status', 'resourceLocation', 'startFaults']);

/** Checks the `azure` field of a scenario. */
export function parseAzureScenario(input: unknown): ParseResult<AzureScenario> {
  if (!isRecord(input)) return fail('azure must be an object');
  for (const key of Object.keys(input)) {
    if (!AZURE_KEYS.has(key)) return fail(`unknown scenario field "azure.${key}"`);
  }
  const s: Mutable<AzureScenario> = {};
  const { monitor, resultLocation, status, resourceLocation, startFaults } = input;
  if (monitor !== undefined) {
    if (!oneOf(MONITOR_STYLES, monitor)) return fail(`azure.monitor must be one of ${MONITOR_STYLES.join(', ')}`);
    s.monitor = monitor;
  }
  if (resultLocation !== undefined) {
    if (typeof resultLocation !== 'boolean') return fail('azure.resultLocation must be a boolean');
    s.resultLocation = resultLocation;
  }
  if (status !== undefined) {
    if (status !== 200 && status !== 201 && status !== 202) return fail('azure.status must be 200, 201 or 202');
    s.status = status;
  }
  if (resourceLocation !== undefined) {
    if (typeof resourceLocation !== 'boolean') return fail('azure.resourceLocation must be a boolean');
    s.resourceLocation = resourceLocation;
  }
  if (startFaults !== undefined) {
    const faults = parseFaults(startFaults, 'azure.startFaults');
    if (!faults.ok) return faults;
    s.startFaults = faults.value;
  }
  return ok(s);
}

/** Fills in the defaults of the `azure` field. */
export function resolveAzureScenario(s: AzureScenario | undefined): ResolvedAzureScenario {
  return {
    monitor: s?.monitor,
    resultLocation: s?.resultLocation ?? false,
    status: s?.status ?? 202,
    resourceLocation: s?.resourceLocation ?? true,
    startFaults: s?.startFaults ?? [],
  };
}
