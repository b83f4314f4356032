/**
 * Azure long-running operations, table-driven, against servers scripted byte by byte, in the
 * manner of a conformance server: PUT / PATCH / POST / DELETE × 200 / 201 / 202 × each monitor
 * header × Succeeded / Failed / Canceled × where the result is. Each row names the first answer,
 * what each URL answers, and what must come out: the statuses of the updates, the error, the
 * `resultUrl`, and every request made, in order (PROTOCOL.md "Azure long-running operations").
 */
import * as t from 'io-ts';
import {
  AsyncOpFailedError,
  AsyncOpStatus,
  LocationNotAllowedError,
  ODataHttpError,
  ODataProtocolError,
  asyncOp$,
  azureDialect,
  createAzureDialect,
  type AsyncOpOptions,
  type HttpMethod,
  type MonitorDialect,
  type RetryOptions,
} from 'rxjs-odata-async';
import { calls, clientFor, serve, settle, type Reply, type Routes, type ScriptedServer, type Step } from '../../support/scripted-server';

type FinalStateVia = 'location' | 'azure-async-operation' | 'operation-location' | 'original-uri';
type ErrorClass = typeof AsyncOpFailedError | typeof ODataHttpError | typeof ODataProtocolError | typeof LocationNotAllowedError;

/** One scenario of the table. Paths are below the scripted server; header values and `resourceLocation`s that start with `/` are sent absolute. */
interface LroCase {
  readonly name: string;
  readonly method: Extract<HttpMethod, 'PUT' | 'PATCH' | 'POST' | 'DELETE'>;
  /** The answers to the call itself, `/svc/items/1` (a list: one per attempt, the last repeating). */
  readonly first: Reply | Reply[];
  /** What the other URLs answer, `"GET /svc/ops/1"` → answers in order. */
  readonly routes?: Readonly<Record<string, Reply | Reply[]>>;
  /** `azure`: `dialect: azureDialect`; a final-state-via: `createAzureDialect({ finalStateVia })`; none: inferred. */
  readonly dialect?: 'azure' | FinalStateVia;
  /** Pass `result: t.unknown`, so the result is fetched (or decoded from the final body) into `update.result`. */
  readonly withResult?: boolean;
  /** `retries` of this call (the caller's opt-in for a POST). */
  readonly callRetries?: number;
  /** Send header values as written (relative), not made absolute. */
  readonly relativeHeaders?: boolean;
  readonly expected: {
    /** The status of each update, in order (the first is poll 0). */
    readonly statuses: readonly AsyncOpStatus[];
    /** The error the stream ends with; none: it completes. */
    readonly error?: ErrorClass;
    /** The last update's `resultUrl` as a path of the server; `null`: none. Left out: not checked. */
    readonly resultUrl?: string | null;
    /** The last update's `result` (with `withResult`). */
    readonly result?: unknown;
    /** The last update's `error.code`. */
    readonly errorCode?: string;
    /** Every request, `METHOD /path`, in order. */
    readonly requests: readonly string[];
  };
}

const R = AsyncOpStatus.Running;
const S = AsyncOpStatus.Succeeded;
const F = AsyncOpStatus.Failed;
const C = AsyncOpStatus.Cancelled;

const ITEM = '/svc/items/1';
const AAO = '/svc/ops/1'; // an Azure-AsyncOperation monitor
const OPLOC = '/svc/oploc/1'; // an Operation-Location monitor
const LOC = '/svc/loc/1'; // a Location monitor
const RESULT = '/svc/results/1'; // where a Location names the final result
const ERROR = { code: 'QuotaExceeded', message: 'Out of cores in this region' };

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  body,
  headers: { 'Content-Type': 'application/json', ...headers },
});
/** A resource with `properties.provisioningState`. */
const resource = (status: number, state: string, headers: Record<string, string> = {}): Reply =>
  json(status, { id: ITEM, name: 'item1', properties: { provisioningState: state, size: 'S' } }, headers);
/** A monitor body with a `status` word. */
const monitor = (word: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Reply =>
  json(200, { status: word, ...extra }, headers);
const empty = (status: number, headers: Record<string, string> = {}): Reply => ({ status, headers });
const failure = (status: number): Reply => json(status, { error: { code: 'InternalServerError', message: 'try again' } });
const THE_RESULT = { id: RESULT, name: 'report', rows: 3 };

const at = (method: string, path: string, n = 1): string[] => Array.from({ length: n }, () => `${method} ${path}`);

const CASES: readonly LroCase[] = [
  // PUT: provisioningState on the resource's own URL (no monitor header)
  {
    name: 'PUT 200 Succeeded at once',
    method: 'PUT',
    first: resource(200, 'Succeeded'),
    expected: { statuses: [S], requests: at('PUT', ITEM) },
  },
  {
    name: 'PUT 200 with no provisioningState at all is done',
    method: 'PUT',
    first: json(200, { id: ITEM, name: 'item1' }),
    expected: { statuses: [S], requests: at('PUT', ITEM) },
  },
  {
    name: 'PUT 201 Creating → GET Creating → GET Succeeded (original-uri)',
    method: 'PUT',
    first: resource(201, 'Creating'),
    routes: { [`GET ${ITEM}`]: [resource(200, 'Creating'), resource(200, 'Succeeded')] },
    expected: { statuses: [R, R, S], resultUrl: ITEM, requests: [...at('PUT', ITEM), ...at('GET', ITEM, 2)] },
  },
  {
    name: 'PUT 200 Updating → GET Succeeded, provisioningState bare (not under properties)',
    method: 'PUT',
    first: json(200, { provisioningState: 'Updating' }),
    routes: { [`GET ${ITEM}`]: json(200, { provisioningState: 'Succeeded' }) },
    expected: { statuses: [R, S], resultUrl: ITEM, requests: [...at('PUT', ITEM), ...at('GET', ITEM)] },
  },
  {
    name: 'PUT 201 Creating → GET Failed',
    method: 'PUT',
    first: resource(201, 'Creating'),
    routes: { [`GET ${ITEM}`]: resource(200, 'Failed') },
    expected: { statuses: [R, F], error: AsyncOpFailedError, requests: [...at('PUT', ITEM), ...at('GET', ITEM)] },
  },
  {
    name: 'PUT 200 Accepted → GET Canceled',
    method: 'PUT',
    first: resource(200, 'Accepted'),
    routes: { [`GET ${ITEM}`]: resource(200, 'Canceled') },
    expected: { statuses: [R, C], requests: [...at('PUT', ITEM), ...at('GET', ITEM)] },
  },
  {
    name: 'PUT 201 Failed at once',
    method: 'PUT',
    first: resource(201, 'Failed'),
    expected: { statuses: [F], error: AsyncOpFailedError, requests: at('PUT', ITEM) },
  },
  {
    name: 'PUT 500, retried (idempotent) → 201 Creating → GET Succeeded',
    method: 'PUT',
    first: [failure(500), resource(201, 'Creating')],
    routes: { [`GET ${ITEM}`]: resource(200, 'Succeeded') },
    expected: { statuses: [R, S], requests: [...at('PUT', ITEM, 2), ...at('GET', ITEM)] },
  },
  {
    name: 'PUT 201 Creating → GET 503 (retried within the poll) → GET Succeeded',
    method: 'PUT',
    first: resource(201, 'Creating'),
    routes: { [`GET ${ITEM}`]: [failure(503), resource(200, 'Succeeded')] },
    expected: { statuses: [R, S], requests: [...at('PUT', ITEM), ...at('GET', ITEM, 2)] },
  },
  // PUT with a monitor header
  {
    name: 'PUT 201 Accepted + Azure-AsyncOperation → InProgress → Succeeded → one GET of the resource',
    method: 'PUT',
    first: resource(201, 'Accepted', { 'Azure-AsyncOperation': AAO }),
    routes: { [`GET ${AAO}`]: [monitor('InProgress'), monitor('Succeeded')], [`GET ${ITEM}`]: resource(200, 'Succeeded') },
    withResult: true,
    expected: {
      statuses: [R, R, S],
      resultUrl: ITEM,
      result: { id: ITEM, name: 'item1', properties: { provisioningState: 'Succeeded', size: 'S' } },
      requests: [...at('PUT', ITEM), ...at('GET', AAO, 2), ...at('GET', ITEM)],
    },
  },
  {
    name: 'PUT 202 Azure-AsyncOperation + Location: the result is at the original URI, Location is never requested',
    method: 'PUT',
    first: empty(202, { 'Azure-AsyncOperation': AAO, Location: RESULT }),
    routes: { [`GET ${AAO}`]: monitor('Succeeded'), [`GET ${ITEM}`]: resource(200, 'Succeeded') },
    withResult: true,
    expected: { statuses: [R, S], resultUrl: ITEM, requests: [...at('PUT', ITEM), ...at('GET', AAO), ...at('GET', ITEM)] },
  },
  {
    name: 'PUT 202 Operation-Location → running → succeeded (lower case)',
    method: 'PUT',
    first: empty(202, { 'Operation-Location': OPLOC }),
    routes: { [`GET ${OPLOC}`]: [monitor('notStarted'), monitor('running'), monitor('succeeded')] },
    expected: { statuses: [R, R, R, S], resultUrl: ITEM, requests: [...at('PUT', ITEM), ...at('GET', OPLOC, 3)] },
  },
  {
    name: 'PUT 201 + Operation-Location → Failed with an error',
    method: 'PUT',
    first: resource(201, 'Accepted', { 'Operation-Location': OPLOC }),
    routes: { [`GET ${OPLOC}`]: monitor('Failed', { error: ERROR }) },
    expected: { statuses: [R, F], error: AsyncOpFailedError, errorCode: ERROR.code, requests: [...at('PUT', ITEM), ...at('GET', OPLOC)] },
  },
  {
    name: 'PUT 202 Azure-AsyncOperation → Canceled',
    method: 'PUT',
    first: empty(202, { 'Azure-AsyncOperation': AAO }),
    routes: { [`GET ${AAO}`]: monitor('Canceled') },
    expected: { statuses: [R, C], requests: [...at('PUT', ITEM), ...at('GET', AAO)] },
  },
  {
    name: 'PUT 200 with both Operation-Location and Azure-AsyncOperation: Operation-Location is polled',
    method: 'PUT',
    first: resource(200, 'Accepted', { 'Operation-Location': OPLOC, 'Azure-AsyncOperation': AAO }),
    routes: { [`GET ${OPLOC}`]: monitor('Succeeded'), [`GET ${AAO}`]: monitor('Failed', { error: ERROR }) },
    expected: { statuses: [R, S], requests: [...at('PUT', ITEM), ...at('GET', OPLOC)] },
  },
  {
    name: 'PUT 202 Location only with the Azure dialect → 202 → 200 resource',
    method: 'PUT',
    first: empty(202, { Location: LOC }),
    routes: { [`GET ${LOC}`]: [empty(202), resource(200, 'Succeeded')] },
    dialect: 'azure',
    expected: { statuses: [R, R, S], requests: [...at('PUT', ITEM), ...at('GET', LOC, 2)] },
  },
  {
    name: "PUT with final-state-via 'azure-async-operation': the monitor's resourceLocation",
    method: 'PUT',
    first: empty(202, { 'Azure-AsyncOperation': AAO }),
    routes: { [`GET ${AAO}`]: monitor('Succeeded', { resourceLocation: RESULT }) },
    dialect: 'azure-async-operation',
    expected: { statuses: [R, S], resultUrl: RESULT, requests: [...at('PUT', ITEM), ...at('GET', AAO)] },
  },
  {
    name: "PUT with final-state-via 'location': the first answer's Location",
    method: 'PUT',
    first: empty(202, { 'Azure-AsyncOperation': AAO, Location: RESULT }),
    routes: { [`GET ${AAO}`]: monitor('Succeeded') },
    dialect: 'location',
    expected: { statuses: [R, S], resultUrl: RESULT, requests: [...at('PUT', ITEM), ...at('GET', AAO)] },
  },
  // PATCH
  {
    name: 'PATCH 200 Updating → GET Succeeded',
    method: 'PATCH',
    first: resource(200, 'Updating'),
    routes: { [`GET ${ITEM}`]: resource(200, 'Succeeded') },
    expected: { statuses: [R, S], resultUrl: ITEM, requests: [...at('PATCH', ITEM), ...at('GET', ITEM)] },
  },
  {
    name: 'PATCH 202 Azure-AsyncOperation + Location: polls the monitor, the result is the original URI',
    method: 'PATCH',
    first: empty(202, { 'Azure-AsyncOperation': AAO, Location: RESULT }),
    routes: { [`GET ${AAO}`]: [monitor('InProgress'), monitor('Succeeded')] },
    expected: { statuses: [R, R, S], resultUrl: ITEM, requests: [...at('PATCH', ITEM), ...at('GET', AAO, 2)] },
  },
  {
    name: 'PATCH 202 Operation-Location → Failed',
    method: 'PATCH',
    first: empty(202, { 'Operation-Location': OPLOC }),
    routes: { [`GET ${OPLOC}`]: monitor('Failed', { error: ERROR }) },
    expected: { statuses: [R, F], error: AsyncOpFailedError, errorCode: ERROR.code, requests: [...at('PATCH', ITEM), ...at('GET', OPLOC)] },
  },
  // POST
  {
    name: 'POST 200 with a payload is done at once',
    method: 'POST',
    first: json(200, THE_RESULT),
    expected: { statuses: [S], requests: at('POST', ITEM) },
  },
  {
    name: 'POST 204 is done at once',
    method: 'POST',
    first: empty(204),
    expected: { statuses: [S], requests: at('POST', ITEM) },
  },
  {
    name: 'POST 202 Location only with the Azure dialect → 202 → 200 with the result as body',
    method: 'POST',
    first: empty(202, { Location: LOC, 'Retry-After': '0' }),
    routes: { [`GET ${LOC}`]: [empty(202, { 'Retry-After': '0' }), json(200, THE_RESULT)] },
    dialect: 'azure',
    withResult: true,
    expected: { statuses: [R, R, S], result: THE_RESULT, requests: [...at('POST', ITEM), ...at('GET', LOC, 2)] },
  },
  {
    name: 'POST 202 Location only with the Azure dialect → 204 at the end',
    method: 'POST',
    first: empty(202, { Location: LOC }),
    routes: { [`GET ${LOC}`]: [empty(202), empty(204)] },
    dialect: 'azure',
    expected: { statuses: [R, R, S], requests: [...at('POST', ITEM), ...at('GET', LOC, 2)] },
  },
  {
    name: 'POST 202 Azure-AsyncOperation + Location: polls Azure-AsyncOperation, then one GET of Location',
    method: 'POST',
    first: empty(202, { 'Azure-AsyncOperation': AAO, Location: RESULT }),
    routes: { [`GET ${AAO}`]: [monitor('InProgress'), monitor('Succeeded')], [`GET ${RESULT}`]: json(200, THE_RESULT) },
    withResult: true,
    expected: { statuses: [R, R, S], resultUrl: RESULT, result: THE_RESULT, requests: [...at('POST', ITEM), ...at('GET', AAO, 2), ...at('GET', RESULT)] },
  },
  {
    name: 'POST 202 Operation-Location + Location: polls Operation-Location, then one GET of Location',
    method: 'POST',
    first: empty(202, { 'Operation-Location': OPLOC, Location: RESULT }),
    routes: { [`GET ${OPLOC}`]: [monitor('Running'), monitor('Succeeded')], [`GET ${RESULT}`]: json(200, THE_RESULT) },
    withResult: true,
    expected: { statuses: [R, R, S], resultUrl: RESULT, result: THE_RESULT, requests: [...at('POST', ITEM), ...at('GET', OPLOC, 2), ...at('GET', RESULT)] },
  },
  {
    name: 'POST 202 Azure-AsyncOperation only: the result is where resourceLocation says',
    method: 'POST',
    first: empty(202, { 'Azure-AsyncOperation': AAO }),
    routes: { [`GET ${AAO}`]: monitor('Succeeded', { resourceLocation: RESULT }), [`GET ${RESULT}`]: json(200, THE_RESULT) },
    withResult: true,
    expected: { statuses: [R, S], resultUrl: RESULT, result: THE_RESULT, requests: [...at('POST', ITEM), ...at('GET', AAO), ...at('GET', RESULT)] },
  },
  {
    name: 'POST 202 Operation-Location only, no resourceLocation: the final monitor body is the result, nothing else fetched',
    method: 'POST',
    first: empty(202, { 'Operation-Location': OPLOC }),
    routes: { [`GET ${OPLOC}`]: monitor('succeeded', { result: { rows: 3 } }) },
    withResult: true,
    expected: { statuses: [R, S], resultUrl: null, result: { status: 'succeeded', result: { rows: 3 } }, requests: [...at('POST', ITEM), ...at('GET', OPLOC)] },
  },
  {
    name: "POST with final-state-via 'operation-location' and a Location: resourceLocation wins over Location",
    method: 'POST',
    first: empty(202, { 'Operation-Location': OPLOC, Location: '/svc/elsewhere/1' }),
    routes: { [`GET ${OPLOC}`]: monitor('Succeeded', { resourceLocation: RESULT }) },
    dialect: 'operation-location',
    expected: { statuses: [R, S], resultUrl: RESULT, requests: [...at('POST', ITEM), ...at('GET', OPLOC)] },
  },
  {
    name: "POST with final-state-via 'original-uri': the request URL",
    method: 'POST',
    first: empty(202, { 'Azure-AsyncOperation': AAO }),
    routes: { [`GET ${AAO}`]: monitor('Succeeded') },
    dialect: 'original-uri',
    expected: { statuses: [R, S], resultUrl: ITEM, requests: [...at('POST', ITEM), ...at('GET', AAO)] },
  },
  {
    name: 'POST 202 Azure-AsyncOperation → Failed with an error',
    method: 'POST',
    first: empty(202, { 'Azure-AsyncOperation': AAO }),
    routes: { [`GET ${AAO}`]: [monitor('InProgress'), monitor('Failed', { error: ERROR })] },
    expected: { statuses: [R, R, F], error: AsyncOpFailedError, errorCode: ERROR.code, requests: [...at('POST', ITEM), ...at('GET', AAO, 2)] },
  },
  {
    name: 'POST 202 Operation-Location → Canceled',
    method: 'POST',
    first: empty(202, { 'Operation-Location': OPLOC }),
    routes: { [`GET ${OPLOC}`]: monitor('Canceled') },
    expected: { statuses: [R, C], requests: [...at('POST', ITEM), ...at('GET', OPLOC)] },
  },
  {
    name: 'POST 200 naming an Operation-Location (provisioningState Accepted) is Running',
    method: 'POST',
    first: json(200, { properties: { provisioningState: 'Accepted' } }, { 'Operation-Location': OPLOC }),
    routes: { [`GET ${OPLOC}`]: monitor('Succeeded') },
    expected: { statuses: [R, S], requests: [...at('POST', ITEM), ...at('GET', OPLOC)] },
  },
  {
    name: 'POST 500 is not retried (the server may have acted)',
    method: 'POST',
    first: [failure(500), empty(202, { 'Azure-AsyncOperation': AAO })],
    expected: { statuses: [], error: ODataHttpError, requests: at('POST', ITEM) },
  },
  {
    name: 'POST 500 with the caller opting in (retries: 2) is retried',
    method: 'POST',
    first: [failure(500), empty(202, { 'Azure-AsyncOperation': AAO })],
    routes: { [`GET ${AAO}`]: monitor('Succeeded') },
    callRetries: 2,
    expected: { statuses: [R, S], requests: [...at('POST', ITEM, 2), ...at('GET', AAO)] },
  },
  {
    name: 'POST 202 naming no monitor, with the Azure dialect, is done',
    method: 'POST',
    first: empty(202),
    dialect: 'azure',
    expected: { statuses: [S], requests: at('POST', ITEM) },
  },
  {
    name: 'POST 202 naming no monitor, without the Azure dialect, is a protocol error',
    method: 'POST',
    first: empty(202),
    expected: { statuses: [], error: ODataProtocolError, requests: at('POST', ITEM) },
  },
  {
    name: 'POST 202 with a relative Operation-Location, resolved against the request URL',
    method: 'POST',
    first: empty(202, { 'Operation-Location': '../oploc/1' }),
    routes: { [`GET ${OPLOC}`]: monitor('Succeeded') },
    relativeHeaders: true,
    expected: { statuses: [R, S], requests: [...at('POST', ITEM), ...at('GET', OPLOC)] },
  },
  // DELETE
  {
    name: 'DELETE 204 is done at once',
    method: 'DELETE',
    first: empty(204),
    expected: { statuses: [S], resultUrl: null, requests: at('DELETE', ITEM) },
  },
  {
    name: 'DELETE 202 Location only with the Azure dialect → 202 → 204',
    method: 'DELETE',
    first: empty(202, { Location: LOC }),
    routes: { [`GET ${LOC}`]: [empty(202), empty(204)] },
    dialect: 'azure',
    expected: { statuses: [R, R, S], resultUrl: null, requests: [...at('DELETE', ITEM), ...at('GET', LOC, 2)] },
  },
  {
    name: 'DELETE 202 Azure-AsyncOperation + Location: no result, Location never requested',
    method: 'DELETE',
    first: empty(202, { 'Azure-AsyncOperation': AAO, Location: RESULT }),
    routes: { [`GET ${AAO}`]: [monitor('InProgress'), monitor('Succeeded')] },
    withResult: true,
    expected: { statuses: [R, R, S], resultUrl: null, requests: [...at('DELETE', ITEM), ...at('GET', AAO, 2)] },
  },
  {
    name: 'DELETE 202 Operation-Location → Failed',
    method: 'DELETE',
    first: empty(202, { 'Operation-Location': OPLOC }),
    routes: { [`GET ${OPLOC}`]: monitor('Failed', { error: ERROR }) },
    expected: { statuses: [R, F], error: AsyncOpFailedError, errorCode: ERROR.code, requests: [...at('DELETE', ITEM), ...at('GET', OPLOC)] },
  },
  {
    name: 'DELETE 202 Azure-AsyncOperation → Canceled',
    method: 'DELETE',
    first: empty(202, { 'Azure-AsyncOperation': AAO }),
    routes: { [`GET ${AAO}`]: monitor('canceled') },
    expected: { statuses: [R, C], resultUrl: null, requests: [...at('DELETE', ITEM), ...at('GET', AAO)] },
  },
  {
    name: 'DELETE 503, retried (idempotent) → 202 Azure-AsyncOperation → Succeeded',
    method: 'DELETE',
    first: [failure(503), empty(202, { 'Azure-AsyncOperation': AAO })],
    routes: { [`GET ${AAO}`]: monitor('Succeeded') },
    expected: { statuses: [R, S], requests: [...at('DELETE', ITEM, 2), ...at('GET', AAO)] },
  },
  // Words, and answers that cannot be a status
  {
    name: 'status words in any case: INPROGRESS, notstarted, SUCCEEDED',
    method: 'POST',
    first: empty(202, { 'Azure-AsyncOperation': AAO }),
    routes: { [`GET ${AAO}`]: [monitor('INPROGRESS'), monitor('notstarted'), monitor('SUCCEEDED')] },
    expected: { statuses: [R, R, R, S], requests: [...at('POST', ITEM), ...at('GET', AAO, 3)] },
  },
  {
    name: 'provisioningState Deleting / Creating / Updating on a monitor are Running',
    method: 'POST',
    first: empty(202, { 'Azure-AsyncOperation': AAO }),
    routes: {
      [`GET ${AAO}`]: [
        json(200, { provisioningState: 'Deleting' }),
        json(200, { properties: { provisioningState: 'Updating' } }),
        json(200, { provisioningState: 'Succeeded' }),
      ],
    },
    expected: { statuses: [R, R, R, S], requests: [...at('POST', ITEM), ...at('GET', AAO, 3)] },
  },
  {
    name: 'an unknown status word is a protocol error, never Succeeded',
    method: 'POST',
    first: empty(202, { 'Operation-Location': OPLOC }),
    routes: { [`GET ${OPLOC}`]: monitor('Exploded') },
    expected: { statuses: [R], error: ODataProtocolError, requests: [...at('POST', ITEM), ...at('GET', OPLOC)] },
  },
  {
    name: 'a 100 000-character status word is a protocol error, read in linear time',
    method: 'POST',
    first: empty(202, { 'Operation-Location': OPLOC }),
    routes: { [`GET ${OPLOC}`]: monitor(`In${'Progress'.repeat(12500)}`) },
    expected: { statuses: [R], error: ODataProtocolError, requests: [...at('POST', ITEM), ...at('GET', OPLOC)] },
  },
  {
    name: 'a status that is not a string is a protocol error',
    method: 'POST',
    first: empty(202, { 'Azure-AsyncOperation': AAO }),
    routes: { [`GET ${AAO}`]: json(200, { status: 42 }) },
    expected: { statuses: [R], error: ODataProtocolError, requests: [...at('POST', ITEM), ...at('GET', AAO)] },
  },
  {
    name: 'a provisioningState that is not a string on the PUT answer is a protocol error',
    method: 'PUT',
    first: json(201, { properties: { provisioningState: { value: 'Creating' } } }),
    expected: { statuses: [], error: ODataProtocolError, requests: at('PUT', ITEM) },
  },
  {
    name: 'an Operation-Location on another origin is refused before any poll',
    method: 'POST',
    first: empty(202, { 'Operation-Location': 'https://attacker.invalid/ops/1' }),
    relativeHeaders: true,
    expected: { statuses: [], error: LocationNotAllowedError, requests: at('POST', ITEM) },
  },
];

const NO_WAIT: RetryOptions = { count: 3, delay: () => 0 };
const MONITOR_HEADERS = ['location', 'operation-location', 'azure-asyncoperation'];

/** The same reply with paths (`/svc/...`) in monitor headers and `resourceLocation` made absolute on the server. */
function absolute(reply: Reply, origin: string, keepHeaders: boolean): Reply {
  const headers = Object.fromEntries(
    Object.entries(reply.headers ?? {}).map(([name, value]) => [
      name,
      !keepHeaders && MONITOR_HEADERS.includes(name.toLowerCase()) && typeof value === 'string' && value.startsWith('/') ? origin + value : value,
    ]),
  );
  const body: unknown = reply.body;
  const linked =
    typeof body === 'object' &&
    body !== null &&
    'resourceLocation' in body &&
    typeof body.resourceLocation === 'string' &&
    body.resourceLocation.startsWith('/')
      ? { ...body, resourceLocation: origin + body.resourceLocation }
      : body;
  return { ...reply, headers, ...(linked === undefined ? {} : { body: linked }) };
}

function steps(replies: Reply | Reply[], keepHeaders: boolean): Step[] {
  return (Array.isArray(replies) ? replies : [replies]).map((reply) => (_req: unknown, server: ScriptedServer) => absolute(reply, server.origin, keepHeaders));
}

function dialectOf(choice: LroCase['dialect']): MonitorDialect | undefined {
  if (choice === undefined) return undefined;
  return choice === 'azure' ? azureDialect : createAzureDialect({ finalStateVia: choice });
}

async function drive(c: LroCase) {
  const keep = c.relativeHeaders === true;
  const routes: Routes = { [`${c.method} ${ITEM}`]: steps(c.first, keep) };
  for (const [route, replies] of Object.entries(c.routes ?? {})) routes[route] = steps(replies, keep);
  const s = await serve(routes);
  const client = clientFor(s, { retries: NO_WAIT });
  const dialect = dialectOf(c.dialect);
  const options: AsyncOpOptions = {
    pollInterval: 2,
    retries: NO_WAIT,
    ...(dialect === undefined ? {} : { dialect }),
    ...(c.withResult === true ? { result: t.unknown } : {}),
  };
  const call = client.request({
    method: c.method,
    path: 'items/1',
    ...(c.method === 'DELETE' ? {} : { body: { properties: { size: 'S' } } }),
    ...(c.callRetries === undefined ? {} : { retries: c.callRetries }),
  });
  return { s, r: await settle(call.pipe(asyncOp$(client, options))) };
}

describe('Azure long-running operations, conformance table (scripted servers)', () => {
  it('has a row for each method, each monitor header and each terminal state', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    for (const method of ['PUT', 'PATCH', 'POST', 'DELETE']) expect(CASES.some((c) => c.method === method)).toBe(true);
    for (const status of [S, F, C]) expect(CASES.some((c) => c.expected.statuses.at(-1) === status)).toBe(true);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { s, r } = await drive(c);
    const { expected } = c;
    expect(r.values.map((u) => u.status)).toEqual(expected.statuses);
    expect(r.values.map((u) => u.poll)).toEqual(expected.statuses.map((_status, i) => i));
    if (expected.error === undefined) {
      expect(r.error).toBeUndefined();
      expect(r.completed).toBe(true);
    } else {
      expect(r.error).toBeInstanceOf(expected.error);
    }
    const last = r.values.at(-1);
    if (expected.resultUrl !== undefined) expect(last?.resultUrl).toBe(expected.resultUrl === null ? undefined : s.origin + expected.resultUrl);
    if ('result' in expected) expect(last?.result).toEqual(expected.result);
    if (expected.errorCode !== undefined) expect(last?.error?.code).toBe(expected.errorCode);
    expect(calls(s)).toEqual(expected.requests);
  });
});
