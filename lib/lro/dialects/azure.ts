import { isLeft } from '../../http/either.js';
import { ODataProtocolError } from '../../errors/odata-protocol-error.js';
import { AsyncOpStatus, isTerminalStatus } from '../async-op-status.js';
import type { DialectContext, FirstAnswer, MonitorAnswer, MonitorDialect, PollReading, StartOutcome, StatusReading } from './monitor-dialect.js';
import { readStatusAnswer } from './shared/read-status-answer.js';
import { withoutUndefined } from '../../odata/without-undefined.js';
import { AZURE_STATUS_NAMES, readStatusBody, statusFromWord } from './shared/status-body.js';

/**
 * Where the final result of an Azure operation is (the Azure REST API guidelines' "final-state-via"):
 * - `'azure-async-operation'` / `'operation-location'`: the monitor's body, or its `resourceLocation`;
 * - `'location'`: the `Location` of the first answer;
 * - `'original-uri'`: the URL of the call that started the operation.
 */
export type AzureFinalStateVia = 'azure-async-operation' | 'operation-location' | 'location' | 'original-uri';

/** Options of {@link createAzureDialect}. */
export interface AzureDialectOptions {
  /**
   * Where the final result is.
   * @default by method, as the Azure REST API guidelines give it: PUT and PATCH the original URI;
   * POST the first answer's `Location` when it had one, else the monitor; DELETE no result.
   */
  readonly finalStateVia?: AzureFinalStateVia;
}

/**
 * How an Azure operation is polled (kept in poller tokens, so these words must not change):
 * `monitor`, an `Operation-Location` / `Azure-AsyncOperation` monitor whose `status` decides;
 * `location`, a `Location` polled until it stops answering 202 (its body is then the result);
 * `resource`, a PUT / PATCH without a monitor, on its own URL, whose `provisioningState` decides.
 */
type Mode = 'monitor' | 'location' | 'resource';

/** A header's value when it is there and not blank. */
function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  return headers[name]?.trim() || undefined;
}

/** The monitor the guidelines' header order names: `Operation-Location`, then `Azure-AsyncOperation`. */
function monitorHeader(headers: Readonly<Record<string, string>>): string | undefined {
  return header(headers, 'operation-location') ?? header(headers, 'azure-asyncoperation');
}

const METHODS_POLLED_ON_THEIR_URL = ['PUT', 'PATCH'];

/** A resource's status field: `provisioningState`, bare or under `properties`. */
const RESOURCE_STATUS_NAMES = AZURE_STATUS_NAMES.filter((name) => name !== 'status');

/**
 * Whether the body has a `provisioningState` that is not `null`: a word, or something that should
 * have been one (refused at the start, rule 5). An entity's empty `provisioningState: null` of an
 * OData service is no Azure resource.
 */
function hasProvisioningState(body: unknown): boolean {
  const fields = readStatusBody(body, RESOURCE_STATUS_NAMES);
  return isLeft(fields) ? !fields.left.includes('is null') : fields.right !== undefined;
}

/**
 * Azure long-running operations, as the Azure REST API guidelines describe them:
 *
 * - The monitor is named by `Operation-Location`, else `Azure-AsyncOperation`, else (on a 202, or
 *   when nothing else names one) `Location`. A 200, 201 or 202 that names a monitor means the
 *   operation runs, even when its body already holds the resource.
 * - A PUT or PATCH that names no monitor but answers a non-terminal `provisioningState` (bare or
 *   under `properties`) is polled by GET on its own URL until the state is terminal.
 * - A 202 that names no monitor at all is done (as Azure clients read it).
 * - Monitor bodies: `{"status": "InProgress" | "Succeeded" | "Failed" | "Canceled", "error"?,
 *   "percentComplete"?, "resourceLocation"?}`; resources carry `provisioningState` with the same
 *   words (and Creating / Updating / Deleting / Accepted while running).
 * - The final result is where {@link AzureFinalStateVia} says: `update.resultUrl` on the
 *   `Succeeded` update (fetched and decoded with the `result` option).
 * - There is no standard cancel: `poller.cancel()` is a `TypeError` under this dialect.
 *
 * @example
 * client.request({ method: 'PUT', path: 'disks/d1', body })
 *   .pipe(asyncOp$(client, { dialect: createAzureDialect({ finalStateVia: 'original-uri' }) }))
 */
export function createAzureDialect(options: AzureDialectOptions = {}): MonitorDialect {
  const via = options.finalStateVia;
  if (via !== undefined && !['azure-async-operation', 'operation-location', 'location', 'original-uri'].includes(via)) {
    throw new TypeError(
      `createAzureDialect: finalStateVia must be 'azure-async-operation', 'operation-location', 'location' or 'original-uri', got ${JSON.stringify(via)}`,
    );
  }

  /** Where the result will be, by final-state-via or by the guidelines' defaults per method. */
  const resultUrlOf = (first: FirstAnswer, monitor: string): string | undefined => {
    // A Location that repeats the monitor's address is no separate result: the monitor's body is.
    const location = header(first.headers, 'location') === monitor ? undefined : header(first.headers, 'location');
    const method = first.method.toUpperCase();
    const chosen = via ?? (METHODS_POLLED_ON_THEIR_URL.includes(method) ? 'original-uri' : method === 'POST' && location ? 'location' : undefined);
    if (chosen === 'original-uri') return first.url;
    return chosen === 'location' ? location : undefined;
  };

  const start = (first: FirstAnswer, context: DialectContext): StartOutcome => {
    const wordOf = (state: string) => statusFromWord(state, context.statusMap);
    const { status, headers, body } = first;
    const opening = (reading: Omit<StatusReading, 'httpStatus' | 'body'>): StatusReading => ({ httpStatus: status, body, ...reading });
    const readable = readStatusBody(body, RESOURCE_STATUS_NAMES);
    // Rule 5: a provisioningState that is no word cannot say whether the resource is ready.
    if (isLeft(readable)) return refuseAtStart(first, `, but ${readable.left}`);
    const state = readable.right?.rawStatus;
    const monitor = monitorHeader(headers);
    if (monitor !== undefined) {
      const percent = readStatusBody(body, AZURE_STATUS_NAMES);
      const percentComplete = isLeft(percent) ? undefined : percent.right?.percentComplete;
      return {
        kind: 'poll',
        monitor,
        mode: 'monitor' satisfies Mode,
        resultUrl: resultUrlOf(first, monitor),
        reading: opening({ status: AsyncOpStatus.Running, rawStatus: state, percentComplete }),
      };
    }
    const location = header(headers, 'location');
    // A Location that is only the created resource's address is not a monitor: a 201 or 200 whose
    // resource is already in a terminal state is the result itself.
    const known = state === undefined ? undefined : wordOf(state);
    const settled = known !== undefined && isTerminalStatus(known);
    if (location !== undefined && (status === 202 || !settled)) {
      return {
        kind: 'poll',
        monitor: location,
        mode: 'location' satisfies Mode,
        resultUrl: via === 'original-uri' ? first.url : undefined,
        reading: opening({ status: AsyncOpStatus.Running, rawStatus: state }),
      };
    }
    if (state !== undefined) {
      if (known === undefined) {
        const quoted = JSON.stringify(state);
        return refuseAtStart(first, ` with provisioningState ${quoted}: map it with the statusMap option, e.g. { statusMap: { ${quoted}: 'Running' } }`);
      }
      if (!isTerminalStatus(known) && METHODS_POLLED_ON_THEIR_URL.includes(first.method.toUpperCase())) {
        return {
          kind: 'poll',
          monitor: first.url,
          mode: 'resource' satisfies Mode,
          resultUrl: first.url,
          reading: opening({ status: AsyncOpStatus.Running, rawStatus: state }),
        };
      }
      // Azure puts an OData-shaped `error` next to a failed provisioningState.
      if (settled) return { kind: 'done', reading: opening({ status: known, rawStatus: state, ...withoutUndefined({ error: readable.right?.error }) }) };
    }
    // Nothing names a monitor: done (a 202 too, as Azure clients read it).
    return { kind: 'done', reading: opening({ status: AsyncOpStatus.Succeeded, rawStatus: state }) };
  };

  const read = (answer: MonitorAnswer, context: DialectContext): PollReading => {
    const mode = context.started?.mode;
    // A resource polled on its own URL says its provisioningState; a monitor (or a Location that
    // stands for one) its status, else a provisioningState: a word in the body decides either way.
    const reading = readStatusAnswer(answer, context, mode === ('resource' satisfies Mode) ? RESOURCE_STATUS_NAMES : AZURE_STATUS_NAMES);
    if (reading.kind !== 'update') return reading;
    // A monitor may move: a Location monitor to its 202's new Location, a status monitor to the
    // newest Operation-Location (or Azure-AsyncOperation). A resource stays where it is.
    const moved = mode === ('location' satisfies Mode) ? reading.next : mode === ('resource' satisfies Mode) ? undefined : monitorHeader(answer.headers);
    const { status } = reading.reading;
    const next = status === AsyncOpStatus.Running ? moved : undefined;
    if (status !== AsyncOpStatus.Succeeded) return { kind: 'update', reading: reading.reading, ...(next !== undefined && { next }) };
    // The result: where final-state-via says when it was chosen; by default the monitor's own
    // resourceLocation when it names one, else where the first answer said; else the final body.
    const started = context.started?.resultUrl;
    const resultUrl = via === 'location' || via === 'original-uri' ? (started ?? reading.reading.resultUrl) : (reading.reading.resultUrl ?? started);
    return { kind: 'update', reading: { ...reading.reading, resultUrl } };
  };

  return { name: 'azure', recognizes, start, read };
}

/**
 * Whether a first answer is Azure's: it names an `Operation-Location` or `Azure-AsyncOperation`
 * monitor, or it answers a PUT / PATCH with a `provisioningState` (bare or under `properties`).
 */
function recognizes(first: FirstAnswer): boolean {
  return monitorHeader(first.headers) !== undefined || (METHODS_POLLED_ON_THEIR_URL.includes(first.method.toUpperCase()) && hasProvisioningState(first.body));
}

/** The `ODataProtocolError` of a first answer that cannot start an operation: `<method> <url> answered HTTP <status><what>`. */
function refuseAtStart({ method, url, status }: FirstAnswer, what: string): StartOutcome {
  return { kind: 'error', error: new ODataProtocolError(`${method} ${url} answered HTTP ${status}${what}`, { method, url, status }) };
}

/** The Azure dialect with the guidelines' defaults for where the final result is ({@link createAzureDialect}). */
export const azureDialect: MonitorDialect = /* @__PURE__ */ createAzureDialect();
