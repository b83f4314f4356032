/**
 * Property tests (fast-check).
 *
 * 1. For any monitor script (Running answers with any Retry-After, throttling and gateway
 *    errors, network errors, terminal answers in two forms, any latency), any options, and an
 *    unsubscribe at any moment: the stream emits at most maxPolls + 1 updates, numbered without
 *    gaps, at most one terminal update and only as the last one, ends the way its last update
 *    says; no request goes out after unsubscribe (but the one DELETE of cancelOnUnsubscribe)
 *    and none is left in flight; every wait is exactly the one the rules ask for
 *    (pollInterval, or the server's Retry-After capped at maxRetryAfter) or, for a retry
 *    without Retry-After, a jittered backoff in [0, its ceiling]. An in-memory transport on a
 *    VirtualTimeScheduler runs each script in no real time.
 * 2. The delay policy and the Retry-After parser never give a wait outside [0, cap], whatever
 *    the input (NaN, negative, infinite, huge, junk).
 * 3. Any string, number, date, guid or decimal parameter survives a round trip through the
 *    embedded server's strict literal parsers (EchoLiterals), OData v4 and SAP Gateway v2,
 *    over real HTTP.
 */
import fc from 'fast-check';
import { lastValueFrom, VirtualTimeScheduler, type Observable } from 'rxjs';
import { MAX_DELAY_MS, pollDelay } from '../../lib/lro/delay-policy';
import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, defaultRetryDelay } from '../../lib/http/retry-policy';
import { ODataHttpError as RetryFailure } from '../../lib/errors/odata-http-error';
import { parseRetryAfter } from '../../lib/http/retry-after';
import { AsyncOpFailedError } from '../../lib/errors/async-op-failed-error';
import { asyncOp$, createAsyncPoller, createODataClient, edm, type AsyncOpUpdate, type ODataClient } from '../../lib/index';
import { startMockODataServer, type MockODataServer } from '../../lib/testing/index';
import { memoryTransport, reply, type Answer, type SentRequest } from './support';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

/** Hundreds of generated runs each: their time grows with the machine's load, far from the 5 s default. */
const PROPERTY_TIMEOUT_MS = 30_000;
const ROOT = 'https://host.example/odata/';
const MONITOR = 'https://host.example/odata/$monitor/1';

// --- 1. the poll loop, for any script -------------------------------------------------------

/** A Retry-After header, by what it should mean. */
type RetryAfterSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'delta'; readonly seconds: number }
  | { readonly kind: 'huge' }
  | { readonly kind: 'ignored'; readonly text: string }
  | { readonly kind: 'date'; readonly epochSeconds: number };

const retryAfterSpec: fc.Arbitrary<RetryAfterSpec> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.integer({ min: 0, max: 3 }).map((seconds) => ({ kind: 'delta' as const, seconds })),
  fc.constant({ kind: 'huge' as const }),
  fc
    .oneof(
      fc.integer({ min: 1, max: 99 }).map((n) => `-${n}`),
      fc.constantFrom('soon', '1.5', '', '10abc', '0x10', 'Tue, 31 Feb 2024 00:00:00 GMT', '1e3'),
    )
    .map((text) => ({ kind: 'ignored' as const, text })),
  // HTTP-dates near the epoch: the virtual clock starts at 0, so a date N s after the epoch is N s away at first.
  fc.integer({ min: 0, max: 20 }).map((epochSeconds) => ({ kind: 'date' as const, epochSeconds })),
);

function retryAfterHeader(spec: RetryAfterSpec): Record<string, string> {
  switch (spec.kind) {
    case 'none':
      return {};
    case 'delta':
      return { 'retry-after': String(spec.seconds) };
    case 'huge':
      return { 'retry-after': '1000000000000' };
    case 'ignored':
      return { 'retry-after': spec.text };
    case 'date':
      return { 'retry-after': new Date(spec.epochSeconds * 1000).toUTCString() };
  }
}

/** The wait a Retry-After asks for, by RFC 9110, computed here without the library. */
function expectedRetryAfter(spec: RetryAfterSpec, nowMs: number, capMs: number): number | undefined {
  switch (spec.kind) {
    case 'none':
    case 'ignored':
      return undefined;
    case 'delta':
      return Math.min(spec.seconds * 1000, capMs);
    case 'huge':
      return capMs;
    case 'date':
      return Math.min(Math.max(0, spec.epochSeconds * 1000 - nowMs), capMs);
  }
}

type Step =
  | { readonly type: 'running'; readonly retryAfter: RetryAfterSpec; readonly latency: number }
  | { readonly type: 'transient'; readonly status: 408 | 429 | 502 | 503 | 504; readonly retryAfter: RetryAfterSpec; readonly latency: number }
  | { readonly type: 'network'; readonly latency: number }
  | { readonly type: 'terminal'; readonly outcome: 'Succeeded' | 'Failed' | 'Cancelled'; readonly form: 'body' | 'asyncresult'; readonly latency: number };

const latency = fc.integer({ min: 0, max: 30 });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('running' as const), retryAfter: retryAfterSpec, latency }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('transient' as const),
      status: fc.constantFrom(408 as const, 429 as const, 502 as const, 503 as const, 504 as const),
      retryAfter: retryAfterSpec,
      latency,
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('network' as const), latency }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('terminal' as const),
      outcome: fc.constantFrom('Succeeded' as const, 'Failed' as const, 'Cancelled' as const),
      form: fc.constantFrom('body' as const, 'asyncresult' as const),
      latency,
    }),
  },
);

const scriptCase = fc.record({
  via: fc.constantFrom('asyncOp' as const, 'poller' as const),
  accepted: retryAfterSpec,
  steps: fc.array(step, { maxLength: 12 }),
  maxPolls: fc.integer({ min: 1, max: 6 }),
  retries: fc.integer({ min: 0, max: 3 }),
  pollInterval: fc.integer({ min: 0, max: 50 }),
  maxRetryAfter: fc.integer({ min: 0, max: 5000 }),
  honorRetryAfter: fc.boolean(),
  cancelOnUnsubscribe: fc.boolean(),
  unsubscribeAt: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
});
type ScriptCase = typeof scriptCase extends fc.Arbitrary<infer T> ? T : never;

const DEFAULT_STEP: Step = { type: 'running', retryAfter: { kind: 'none' }, latency: 1 };

function answerOf(s: Step): Answer {
  const answer = ((): Answer => {
    switch (s.type) {
      case 'running':
        return reply(202, '', { location: MONITOR, ...retryAfterHeader(s.retryAfter) });
      case 'transient':
        return reply(s.status, { error: { code: 'Busy', message: 'try later' } }, retryAfterHeader(s.retryAfter));
      case 'network':
        return { networkError: 'ECONNRESET' };
      case 'terminal':
        if (s.form === 'asyncresult' && s.outcome !== 'Cancelled') {
          return s.outcome === 'Succeeded'
            ? reply(200, { value: 42 }, { asyncresult: '200' })
            : reply(200, { error: { code: 'E', message: 'failed' } }, { asyncresult: '500' });
        }
        return reply(200, { status: s.outcome, ...(s.outcome === 'Failed' ? { error: { code: 'E', message: 'failed' } } : {}) });
    }
  })();
  return s.latency === 0 || 'delayMs' in answer ? answer : { delayMs: s.latency, then: answer };
}

interface Outcome {
  readonly values: AsyncOpUpdate[];
  readonly error: unknown;
  readonly completed: boolean;
  readonly sent: readonly SentRequest[];
  /** The step each GET was answered from. */
  readonly stepOfGet: ReadonlyMap<number, Step>;
  readonly unsubscribedAfter: number | undefined;
  readonly endedBeforeUnsubscribe: boolean;
  readonly inFlight: number;
}

function runScript(c: ScriptCase): Outcome {
  const scheduler = new VirtualTimeScheduler();
  const stepOfGet = new Map<number, Step>();
  let gets = 0;
  const memory = memoryTransport((request, seq) => {
    if (request.method === 'POST') return reply(202, '', { location: MONITOR, ...retryAfterHeader(c.accepted) });
    if (request.method === 'DELETE') return reply(204);
    const s = c.steps[gets] ?? DEFAULT_STEP;
    gets += 1;
    stepOfGet.set(seq, s);
    return answerOf(s);
  }, scheduler);
  const transport = memory.transport;
  const client: ODataClient = createODataClient({ serviceRoot: ROOT, transport, csrf: 'never' });
  const options = {
    pollInterval: c.pollInterval,
    maxPolls: c.maxPolls,
    retries: c.retries,
    maxRetryAfter: c.maxRetryAfter,
    honorRetryAfter: c.honorRetryAfter,
    cancelOnUnsubscribe: c.cancelOnUnsubscribe,
    scheduler,
  };
  const stream: Observable<AsyncOpUpdate> =
    c.via === 'asyncOp' ? client.action('Run').execute().pipe(asyncOp$(client, options)) : createAsyncPoller(client, MONITOR, options).status$;
  const values: AsyncOpUpdate[] = [];
  let error: unknown;
  let completed = false;
  const subscription = stream.subscribe({ next: (u) => values.push(u), error: (e: unknown) => (error = e), complete: () => (completed = true) });
  let unsubscribedAfter: number | undefined;
  let endedBeforeUnsubscribe = false;
  if (c.unsubscribeAt !== undefined) {
    scheduler.schedule(() => {
      unsubscribedAfter = memory.sent.length;
      endedBeforeUnsubscribe = completed || error !== undefined;
      subscription.unsubscribe();
    }, c.unsubscribeAt);
  }
  scheduler.flush();
  return { values, error, completed, sent: memory.sent, stepOfGet, unsubscribedAfter, endedBeforeUnsubscribe, inFlight: memory.inFlight() };
}

/** Checks one run against the rules; returns what is wrong, or undefined. */
function violations(c: ScriptCase, o: Outcome): string | undefined {
  const { values, error, completed, sent } = o;
  const ended = completed || error !== undefined;
  if (values.length > c.maxPolls + 1) return `${values.length} updates for maxPolls ${c.maxPolls}`;
  const firstPoll = c.via === 'asyncOp' ? 0 : 1;
  if (values.some((u, i) => u.poll !== firstPoll + i)) return `polls numbered ${values.map((u) => u.poll).join(',')}`;
  const terminalAt = values.map((u, i) => (u.status === 'Running' ? -1 : i)).filter((i) => i >= 0);
  if (terminalAt.length > 1) return `${terminalAt.length} terminal updates`;
  if (terminalAt.length === 1 && terminalAt[0] !== values.length - 1) return 'a terminal update that is not the last';
  const last = values.at(-1);
  if (completed && !(last?.status === 'Succeeded' || last?.status === 'Cancelled')) return `completed after ${last?.status ?? 'nothing'}`;
  if (error instanceof AsyncOpFailedError && last?.status !== 'Failed') return 'AsyncOpFailedError without a Failed update';
  if (error !== undefined && !(error instanceof AsyncOpFailedError) && terminalAt.length > 0) return `${(error as Error).name} after a terminal update`;
  if (o.unsubscribedAfter === undefined && !ended) return 'neither ended nor unsubscribed';
  if (o.inFlight !== 0) return `${o.inFlight} request(s) left in flight`;

  // Nothing after unsubscribe, but the DELETE asked for.
  if (o.unsubscribedAfter !== undefined) {
    const late = sent.slice(o.unsubscribedAfter);
    const allowed = c.cancelOnUnsubscribe && !o.endedBeforeUnsubscribe ? 1 : 0;
    if (late.length !== allowed || late.some((r) => r.method !== 'DELETE')) {
      return `after unsubscribe: ${late.map((r) => r.method).join(',') || 'nothing'} (allowed: ${allowed ? 'one DELETE' : 'nothing'})`;
    }
  }

  // Budget: maxPolls status requests, each with at most `retries` retries.
  const getsSent = sent.filter((r) => r.method === 'GET');
  if (getsSent.length > c.maxPolls * (c.retries + 1)) return `${getsSent.length} GETs over the budget ${c.maxPolls * (c.retries + 1)}`;

  // Every wait between an answer and the next status request.
  let failures = 0;
  const monitorRequests = sent.filter((r) => r.method !== 'DELETE');
  for (let i = 1; i < monitorRequests.length; i += 1) {
    const previous = monitorRequests[i - 1] as SentRequest;
    const current = monitorRequests[i] as SentRequest;
    if (previous.answeredAt === undefined) return `request ${previous.seq} was never answered, yet another followed`;
    const wait = current.at - previous.answeredAt;
    const s = previous.method === 'POST' ? undefined : o.stepOfGet.get(previous.seq);
    const cap = c.maxRetryAfter;
    if (s === undefined || s.type === 'running') {
      failures = 0;
      const spec = s === undefined ? c.accepted : s.retryAfter;
      const asked = c.honorRetryAfter ? expectedRetryAfter(spec, previous.answeredAt, cap) : undefined;
      const expected = asked ?? c.pollInterval;
      if (Math.abs(wait - expected) > 1e-6)
        return `poll wait ${wait} ms after request ${previous.seq}, expected ${expected} (pollInterval ${c.pollInterval}, Retry-After ${JSON.stringify(spec)}, cap ${cap})`;
    } else if (s.type === 'transient' || s.type === 'network') {
      failures += 1;
      const asked = c.honorRetryAfter && s.type === 'transient' ? expectedRetryAfter(s.retryAfter, previous.answeredAt, cap) : undefined;
      if (asked !== undefined) {
        if (Math.abs(wait - asked) > 1e-6) return `retry wait ${wait} ms, expected the server's ${asked}`;
      } else {
        const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (failures - 1));
        if (!(wait >= 0 && wait <= ceiling)) return `retry ${failures} waited ${wait} ms, outside [0, ${ceiling}]`;
      }
    } else {
      return `a request after the terminal answer of request ${previous.seq}`;
    }
  }
  return undefined;
}

describe('properties of the poll loop, for any monitor script', () => {
  it(
    'emits ≤ maxPolls + 1 updates, one terminal update last, nothing after unsubscribe, and waits exactly as the rules say',
    () => {
      fc.assert(
        fc.property(scriptCase, (c) => {
          const outcome = runScript(c);
          const problem = violations(c, outcome);
          if (problem !== undefined)
            throw new Error(
              `${problem}\nupdates: ${outcome.values.map((u) => `${u.status}/${u.poll}`).join(' ')}; end: ${outcome.completed ? 'complete' : outcome.error === undefined ? 'open' : (outcome.error as Error).name}`,
            );
        }),
        { numRuns: 400 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

// --- 2. delays stay in [0, cap] -------------------------------------------------------------

const anyNumber = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e300, -1e300, MAX_DELAY_MS + 1));
const update = (retryAfterMs: number | undefined): AsyncOpUpdate => ({
  status: 'Running',
  poll: 1,
  location: MONITOR,
  httpStatus: 202,
  body: undefined,
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});

describe('properties of the delay policy', () => {
  it(
    'pollDelay: the server wish within [0, min(cap, MAX_DELAY_MS)], else pollInterval itself',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: MAX_DELAY_MS }),
          fc.option(anyNumber, { nil: undefined }),
          anyNumber,
          fc.boolean(),
          fc.integer({ min: 1, max: 1000 }),
          (pollInterval, retryAfterMs, cap, honor, nextPoll) => {
            const delay = pollDelay({ nextPoll, lastUpdate: update(retryAfterMs), pollInterval, honorRetryAfter: honor, maxRetryAfterMs: cap });
            const upper = cap > 0 ? Math.min(cap, MAX_DELAY_MS) : 0;
            expect(Number.isFinite(delay)).toBe(true);
            if (honor && retryAfterMs !== undefined) {
              expect(delay).toBeGreaterThanOrEqual(0);
              expect(delay).toBeLessThanOrEqual(upper);
            } else {
              expect(delay).toBe(pollInterval);
            }
          },
        ),
        { numRuns: 2000 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'defaultRetryDelay: within [0, backoff ceiling], or the server wish within [0, cap], for any random source',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 100_000 }),
          fc.option(fc.nat(), { nil: undefined }),
          fc.nat({ max: MAX_DELAY_MS }),
          fc.boolean(),
          anyNumber,
          (attempt, retryAfterSeconds, cap, honor, randomValue) => {
            const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
            const failure = new RetryFailure({ status: 503, method: 'GET', url: 'https://h/m', headers });
            const delay = defaultRetryDelay({ honorRetryAfter: honor, maxRetryAfterMs: cap, now: () => 0, random: () => randomValue })(attempt, failure);
            expect(Number.isFinite(delay)).toBe(true);
            expect(delay).toBeGreaterThanOrEqual(0);
            const upper = honor && retryAfterSeconds !== undefined ? cap : Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
            expect(delay).toBeLessThanOrEqual(upper);
          },
        ),
        { numRuns: 2000 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'parseRetryAfter: undefined or within [0, cap] for any header text and clock',
    () => {
      const header = fc.oneof(
        fc.string(),
        fc.nat().map(String),
        fc.bigInt({ min: 0n, max: 10n ** 400n }).map(String),
        fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
        fc.constantFrom(
          '-1',
          ' 5 ',
          '1.5',
          'Sun, 06 Nov 1994 08:49:37 GMT',
          'Sunday, 06-Nov-94 08:49:37 GMT',
          'Sun Nov  6 08:49:37 1994',
          'Fri, 31 Feb 2025 00:00:00 GMT',
        ),
      );
      fc.assert(
        fc.property(header, fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.integer({ min: 0, max: MAX_DELAY_MS }), (text, now, cap) => {
          const ms = parseRetryAfter(text, now, cap);
          if (ms === undefined) return;
          expect(Number.isFinite(ms)).toBe(true);
          expect(ms).toBeGreaterThanOrEqual(0);
          expect(ms).toBeLessThanOrEqual(cap);
        }),
        { numRuns: 2000 },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

// --- 3. literals survive the strict parsers -------------------------------------------------

/** A canonical decimal: no sign on zero, no leading zeros, at most 29 digits on either side. */
const decimalText = fc
  .record({
    negative: fc.boolean(),
    integer: fc.bigInt({ min: 0n, max: 10n ** 29n - 1n }),
    fraction: fc.option(fc.stringMatching(/^\d{1,29}$/), { nil: undefined }),
  })
  .map(
    ({ negative, integer, fraction }) =>
      `${negative && (integer !== 0n || fraction !== undefined) ? '-' : ''}${integer}${fraction === undefined ? '' : `.${fraction}`}`,
  );

/** Values of every literal form; the same for both protocols (v2 writes NaN and ±Infinity as NaND, INFD, -INFD). */
const literalValues = fc.record({
  text: fc.string({ unit: 'binary', maxLength: 40 }),
  number: fc.double(),
  instant: fc.date({ min: new Date('0001-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }),
  guid: fc.uuid(),
  decimal: decimalText,
});

/** One echoed parameter: `{ type, value }`. */
function echoed(data: unknown, name: string): { type: string; value: unknown } {
  const entry: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, name) : undefined;
  if (typeof entry !== 'object' || entry === null) throw new Error(`no echo for ${name} in ${JSON.stringify(data)}`);
  const type: unknown = Reflect.get(entry, 'type');
  return { type: String(type), value: Reflect.get(entry, 'value') };
}

function sameNumber(n: number, echo: { type: string; value: unknown }): boolean {
  if (Number.isNaN(n)) return echo.value === 'NaN';
  if (n === Infinity) return echo.value === 'INF';
  if (n === -Infinity) return echo.value === '-INF';
  return ['Edm.Int32', 'Edm.Int64', 'Edm.Decimal', 'Edm.Double'].includes(echo.type) && Number(echo.value) === n;
}

describe('properties of parameter literals: a round trip through the strict parsers of the embedded server', () => {
  let server: MockODataServer;
  beforeAll(async () => {
    server = await startMockODataServer();
  });
  afterAll(() => server.close());

  for (const protocol of ['v4', 'v2'] as const) {
    it(`${protocol}: any string, number, date, guid and decimal comes back as sent`, async () => {
      const client = createODataClient({ serviceRoot: protocol === 'v4' ? server.v4Root : server.v2Root, protocol });
      await fc.assert(
        fc.asyncProperty(literalValues, async (v) => {
          const result = await lastValueFrom(
            client
              .function('EchoLiterals')
              .parameters({ s: v.text, n: v.number, d: v.instant, day: edm.date(v.instant), g: edm.guid(v.guid), m: edm.decimal(v.decimal) })
              .execute(),
          );
          const s = echoed(result.data, 's');
          expect(s).toEqual({ type: 'Edm.String', value: v.text });
          const n = echoed(result.data, 'n');
          if (!sameNumber(v.number, n)) throw new Error(`${v.number} came back as ${JSON.stringify(n)}`);
          const d = echoed(result.data, 'd');
          expect(d.type).toBe('Edm.DateTimeOffset');
          expect(Date.parse(String(d.value))).toBe(v.instant.getTime());
          const day = echoed(result.data, 'day');
          const isoDay = v.instant.toISOString().slice(0, 10);
          expect(day).toEqual(protocol === 'v4' ? { type: 'Edm.Date', value: isoDay } : { type: 'Edm.DateTime', value: `${isoDay}T00:00:00` });
          const g = echoed(result.data, 'g');
          expect(g.type).toBe('Edm.Guid');
          expect(String(g.value).toLowerCase()).toBe(v.guid.toLowerCase());
          const m = echoed(result.data, 'm');
          // v4 has one grammar for integers and decimals: an integral decimal reads as Int32/Int64.
          expect(protocol === 'v2' ? m : { value: String(m.value) }).toEqual(
            protocol === 'v2' ? { type: 'Edm.Decimal', value: v.decimal } : { value: v.decimal },
          );
        }),
        { numRuns: 100 },
      );
    }, 30_000);
  }
});
