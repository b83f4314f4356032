// Benchmark 2: 10,000 operations polled at once in one process, asyncOp$ against
// @azure/core-lro's createHttpPoller: heap per operation at the peak, event-loop delay, completion.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Agent } from 'node:http';
import { createHttpPoller, type OperationResponse, type OperationState } from '@azure/core-lro';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { builtLibrary } from './built-lib.js';
import type { BenchReport } from './report.js';
import { startChildServer, type ChildServer } from './server.js';
import { fixed, gc, median, table } from './stats.js';

export interface ScaleOptions {
  /** Operations started at once. @default 10000 */
  readonly operations: number;
  /**
   * Wait between status requests, ms (asyncOp$ pollInterval, core-lro intervalInMs), and how long
   * each operation runs on the server. `'auto'`: long enough that every operation has started
   * before the first one is polled (1.5 × the start-up time the warm-up predicts, + 2 s), so that
   * the peak is sampled with all operations in flight however fast this machine is. @default 'auto'
   */
  readonly pollInterval: number | 'auto';
  /** Sockets of the keep-alive agent each run gets. @default 64 */
  readonly maxSockets: number;
}

export const SCALE_DEFAULTS: ScaleOptions = { operations: 10_000, pollInterval: 'auto', maxSockets: 64 };

/** One measured run: how many operations, and their interval = how long they run on the server (ms). */
interface RunPlan {
  readonly operations: number;
  readonly interval: number;
  readonly maxSockets: number;
}

const MONITOR_PREFIX = '/odata/v4/sales/$monitor/';

/**
 * The scenario travels with each request (both clients send it on every request; the server reads
 * it from the action request): the operation runs one interval, so it is done at its first poll
 * after one interval.
 */
const scenarioHeader = (plan: RunPlan): Record<string, string> => ({ 'X-Mock-Scenario-Json': JSON.stringify({ runFor: plan.interval }) });

type Library = 'asyncOp$' | '@azure/core-lro';

/** One library's run: counters the harness reads while the operations are in flight. */
interface Tracker {
  started: number;
  completed: number;
  failed: number;
  firstError: unknown;
}

export interface Measurement {
  readonly library: Library;
  readonly heapPerOpBytes: number;
  readonly heapSamples: readonly number[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly startPhaseP99Ms: number;
  readonly pollPhaseP99Ms: number;
  readonly completed: number;
  readonly failed: number;
  readonly requestsPerOp: number;
  readonly wallMs: number;
  readonly peakMs: number;
  readonly completedAtPeak: number;
  /** Requests in flight or queued in the agent when the heap was sampled (0: every operation waiting on its timer). */
  readonly inFlightAtSample: number;
  readonly cpuMs: number;
}

/** Starts every operation through asyncOp$, as a dashboard would: one stream per operation. */
function startAsyncOp(server: ChildServer, ax: AxiosInstance, options: RunPlan, t: Tracker): void {
  const { asyncOp$, createODataClient } = builtLibrary();
  const client = createODataClient({ serviceRoot: server.v4Root, axios: ax, headers: scenarioHeader(options) });
  for (let i = 0; i < options.operations; i++) {
    client
      .action('SalesReportGenerate')
      .parameter('Year', 2024)
      .execute()
      .pipe(asyncOp$(client, { pollInterval: options.interval, maxPolls: 1000 }))
      .subscribe({
        next: (u) => {
          if (u.poll === 0) t.started += 1;
        },
        complete: () => {
          t.completed += 1;
        },
        error: (error: unknown) => {
          t.failed += 1;
          t.firstError ??= error;
        },
      });
  }
}

/** axios answer → core-lro's OperationResponse (header names lower case, body parsed). */
function toOperationResponse(response: AxiosResponse<string>, method: string, url: string): OperationResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  const body: unknown = response.data === '' ? undefined : JSON.parse(response.data);
  return { flatResponse: body, rawResponse: { statusCode: response.status, headers, request: { method, url }, body } };
}

/**
 * The same operations through core-lro: the lro adapter written with plain axios, with the
 * request config of the library's transport (same headers, maxRedirects 0, text body parsed here)
 * and core-lro's abort signal passed on, so both clients send the same requests the same way.
 */
function startCoreLro(server: ChildServer, ax: AxiosInstance, options: RunPlan, t: Tracker): void {
  const url = `${server.v4Root}SalesReportGenerate`;
  const headers = { Accept: 'application/json', 'OData-MaxVersion': '4.01', ...scenarioHeader(options) };
  const config = { validateStatus: () => true, maxRedirects: 0, responseType: 'text' as const, transformResponse: [(data: unknown) => data] };
  for (let i = 0; i < options.operations; i++) {
    const poller = createHttpPoller<unknown, OperationState<unknown>>(
      {
        sendInitialRequest: async () => {
          const response = await ax.post<string>(url, '{"Year":2024}', {
            ...config,
            headers: { ...headers, Prefer: 'respond-async', 'Content-Type': 'application/json;IEEE754Compatible=true' },
          });
          return toOperationResponse(response, 'POST', url);
        },
        sendPollRequest: async (path, pollOptions) => {
          const signal = pollOptions?.abortSignal as AbortSignal | undefined;
          const response = await ax.get<string>(path, { ...config, headers, ...(signal === undefined ? {} : { signal }) });
          return toOperationResponse(response, 'GET', path);
        },
      },
      { intervalInMs: options.interval },
    );
    poller.submitted().then(
      () => {
        t.started += 1;
      },
      () => undefined,
    );
    poller.pollUntilDone().then(
      () => {
        t.completed += 1;
      },
      (error: unknown) => {
        t.failed += 1;
        t.firstError ??= error;
      },
    );
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('scale benchmark: timed out waiting');
    await sleep(20);
  }
}

const toMs = (ns: number): number => ns / 1e6;

/** Requests the agent has on its sockets or queued. */
function inFlight(agent: Agent): number {
  const count = (lists: NodeJS.ReadOnlyDict<readonly unknown[]>) => Object.values(lists).reduce((n, list) => n + (list?.length ?? 0), 0);
  return count(agent.requests) + count(agent.sockets);
}

export async function measure(library: Library, server: ChildServer, options: RunPlan): Promise<Measurement> {
  // A fresh agent and axios instance per run: no sockets or caches carried over.
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets });
  const ax = axios.create({ httpAgent: agent });
  await server.clearLog();
  const t: Tracker = { started: 0, completed: 0, failed: 0, firstError: undefined };
  gc();
  const baseline = process.memoryUsage().heapUsed;
  const cpu0 = process.cpuUsage();

  // Event-loop delay in two phases (start-up until the peak; polling until the end): the forced
  // collections that measure the heap at the peak sit between them and are not counted.
  const whole: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  const startPhase: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  whole.enable();
  startPhase.enable();
  const t0 = performance.now();
  if (library === 'asyncOp$') startAsyncOp(server, ax, options, t);
  else startCoreLro(server, ax, options, t);
  await until(() => t.started + t.failed >= options.operations, 120_000);
  // The peak: every 202 is in, and (core-lro polls once at once) no request is left in flight, so
  // that every operation sits waiting on its timer; but no later than a third of the interval.
  const quietBy = performance.now() + options.interval / 3;
  while (inFlight(agent) > 0 && performance.now() < quietBy && t.completed === 0) await sleep(20);
  startPhase.disable();
  whole.disable();
  const peakMs = performance.now() - t0;
  const completedAtPeak = t.completed;
  const inFlightAtSample = inFlight(agent);
  const cpuToPeak = process.cpuUsage(cpu0);

  const heapSamples: number[] = [];
  for (let i = 0; i < 2 && t.completed === 0; i++) {
    gc();
    heapSamples.push(process.memoryUsage().heapUsed - baseline);
    await sleep(200);
  }

  const cpu1 = process.cpuUsage();
  const pollPhase: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  whole.enable();
  pollPhase.enable();
  await until(() => t.completed + t.failed >= options.operations, 120_000);
  pollPhase.disable();
  whole.disable();
  const wallMs = performance.now() - t0;
  const cpuAfterPeak = process.cpuUsage(cpu1);
  agent.destroy();

  const requests = await server.count(MONITOR_PREFIX, 'GET');
  return {
    library,
    heapPerOpBytes: median(heapSamples) / options.operations,
    heapSamples,
    p50Ms: toMs(whole.percentile(50)),
    p99Ms: toMs(whole.percentile(99)),
    maxMs: toMs(whole.max),
    startPhaseP99Ms: toMs(startPhase.percentile(99)),
    pollPhaseP99Ms: toMs(pollPhase.percentile(99)),
    completed: t.completed,
    failed: t.failed,
    requestsPerOp: requests / options.operations,
    wallMs,
    peakMs,
    completedAtPeak,
    inFlightAtSample,
    // Without the forced collections of the heap samples.
    cpuMs: (cpuToPeak.user + cpuToPeak.system + cpuAfterPeak.user + cpuAfterPeak.system) / 1000,
  };
}

export async function runScale(options: ScaleOptions = SCALE_DEFAULTS): Promise<BenchReport> {
  const server = await startChildServer();
  try {
    builtLibrary(); // loaded (and bundled) before any baseline is taken
    // Warm-up of both (JIT) with a tenth of the operations and a short interval; not measured,
    // but its start-up time predicts the real one.
    const warm: RunPlan = { operations: Math.round(options.operations / 10), interval: 1000, maxSockets: options.maxSockets };
    const warmPeaks = [(await measure('asyncOp$', server, warm)).peakMs, (await measure('@azure/core-lro', server, warm)).peakMs];
    const predictedStartMs = (Math.max(...warmPeaks) * options.operations) / warm.operations;
    const interval = options.pollInterval === 'auto' ? Math.round((1.5 * predictedStartMs + 2000) / 1000) * 1000 : options.pollInterval;
    const plan: RunPlan = { operations: options.operations, interval, maxSockets: options.maxSockets };
    const lib = await measure('asyncOp$', server, plan);
    const lro = await measure('@azure/core-lro', server, plan);
    const rows = [lib, lro].map((m) => [
      m.library,
      fixed(m.heapPerOpBytes / 1024, 2),
      `${m.heapSamples.map((b) => fixed(b / 1024 / 1024, 1)).join(' / ')} (${m.inFlightAtSample} in flight)`,
      fixed(m.p50Ms, 1),
      fixed(m.p99Ms, 1),
      `${fixed(m.startPhaseP99Ms, 0)} / ${fixed(m.pollPhaseP99Ms, 0)}`,
      fixed(m.maxMs, 0),
      `${m.completed} / ${m.failed}`,
      fixed(m.requestsPerOp, 2),
      fixed(m.cpuMs / 1000, 1),
      `${fixed(m.peakMs / 1000, 1)} s / ${fixed(m.wallMs / 1000, 1)} s`,
    ]);
    const heapRatio = lib.heapPerOpBytes / lro.heapPerOpBytes;
    const allDone = [lib, lro].every((m) => m.completed === options.operations && m.failed === 0);
    const peakClean = [lib, lro].every((m) => m.completedAtPeak === 0 && m.heapSamples.length > 0);
    const met = heapRatio <= 0.5 && lib.p99Ms < lro.p99Ms && allDone;
    return {
      title: `2. Scale: ${options.operations.toLocaleString('en-US')} operations at once, asyncOp$ vs @azure/core-lro createHttpPoller`,
      setup:
        `${options.operations} v4 operations started in one synchronous loop in this process (server in a child process), each running ${interval / 1000} s on the server ` +
        `and polled every ${interval / 1000} s (${options.pollInterval === 'auto' ? `auto: 1.5 × the ${fixed(predictedStartMs / 1000, 1)} s start-up the warm-up predicts + 2 s, so that all are in flight at the peak` : 'fixed'}), ` +
        `a keep-alive agent with ${options.maxSockets} sockets per run, after a warm-up of both with ${warm.operations} operations. ` +
        'Heap per operation: heapUsed after a forced gc at the peak (every 202 received, no request in flight, none completed) minus heapUsed after a forced gc before the start, ' +
        'over the operations (median of 2 samples). Event-loop delay: monitorEventLoopDelay (10 ms resolution) from the first subscribe to the last completion, without the heap-sampling window. ' +
        'Client CPU: process.cpuUsage over the run, without the forced collections.',
      table: table(
        [
          'library',
          'heap / op (KiB)',
          'heap at peak (MiB)',
          'loop delay p50 ms',
          'p99 ms',
          'p99 ms start / polling',
          'max ms',
          'completed / failed',
          'status GETs / op',
          'client CPU s',
          'peak at / all done',
        ],
        rows,
      ),
      notes: [
        `Heap per operation asyncOp$ / core-lro: **${fixed(heapRatio, 2)}** (target ≤ 0.50: ${heapRatio <= 0.5 ? 'met' : 'missed'}); ` +
          `event-loop delay p99 **${fixed(lib.p99Ms, 1)} ms vs ${fixed(lro.p99Ms, 1)} ms** (target lower: ${lib.p99Ms < lro.p99Ms ? 'met' : 'missed'}).`,
        `All operations completed: ${allDone ? 'yes, both libraries' : `NO (asyncOp$ ${lib.failed} failed, core-lro ${lro.failed} failed)`}; ` +
          `heap sampled with no operation completed: ${peakClean ? 'yes' : 'NO'}.`,
        'core-lro sends its first status request right after the 202, asyncOp$ waits one interval first: hence the different GET counts.',
      ],
      met,
    };
  } finally {
    await server.close();
  }
}
