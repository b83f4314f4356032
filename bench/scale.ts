// Benchmark 2: 10,000 operations polled at once in one process, asyncOp$ against
// @azure/core-lro's createHttpPoller: heap per operation at the peak, event-loop delay, completion.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { mkdirSync } from 'node:fs';
import { Agent } from 'node:http';
import { join, relative } from 'node:path';
import { createHttpPoller, type OperationResponse, type OperationState } from '@azure/core-lro';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { builtLibrary } from './built-lib.js';
import { ROOT } from './paths.js';
import type { BenchReport } from './report.js';
import { startChildServer, type ChildServer } from './server.js';
import { withCpuProfile } from './cpu-profile.js';
import { describeStalls, summarize } from './profile-summary.js';
import { fixed, gc, median, table } from './stats.js';

export interface ScaleOptions {
  /** Operations started at once. @default 10000 */
  readonly operations: number;
  /** Sockets of the keep-alive agent each run gets. @default 64 */
  readonly maxSockets: number;
  /**
   * A directory: run the burst once more per library with the CPU profiler on during the polling
   * phase, write the profiles there, and add their busy time and stalls to the notes.
   */
  readonly profileDir?: string;
}

export const SCALE_DEFAULTS: ScaleOptions = { operations: 10_000, maxSockets: 64 };

/**
 * How the operations are started:
 * - `burst`: in one synchronous loop. Each library then gets its 202s as fast as it can take them,
 *   and its status requests fall due in a window as long as its own start-up: the faster starter
 *   meets its polls more densely packed.
 * - `paced`: at one fixed rate for both libraries (`startWindow` ms for all of them, longer than
 *   either's burst start-up), so that both meet the same offered load while polling.
 */
type StartMode = 'burst' | 'paced';

/** One measured run. */
interface RunPlan {
  readonly operations: number;
  /** Wait between status requests, and how long each operation runs on the server (ms). */
  readonly interval: number;
  readonly maxSockets: number;
  /** 0: one synchronous loop (burst); else the operations are started evenly over this many ms. */
  readonly startWindow: number;
}

/**
 * Calls `startOne` n times: all at once when `windowMs` is 0, else evenly over
 * `windowMs` (by due time, in ticks of 5 ms, so that a blocked event loop catches up rather
 * than stretching the window).
 */
function startAll(n: number, windowMs: number, startOne: () => void): void {
  if (windowMs <= 0) {
    for (let i = 0; i < n; i++) startOne();
    return;
  }
  const t0 = performance.now();
  let started = 0;
  const tick = (): void => {
    const due = Math.min(n, Math.floor(((performance.now() - t0) / windowMs) * n) + 1);
    while (started < due) {
      startOne();
      started += 1;
    }
    if (started < n) setTimeout(tick, 5);
  };
  tick();
}

const MONITOR_PREFIX = '/odata/v4/sales/$monitor/';

/**
 * The scenario travels with each request (both clients send it on every request; the server reads
 * it from the action request): the operation runs one interval less a margin, so it is done at its
 * first poll one interval after the 202. The margin covers timers that fire early: Node starts a
 * timer from the event loop's cached clock, which lags behind while the loop is busy, so a poll
 * can go out a few ms before one interval has passed since the 202 was read.
 */
const RUN_MARGIN_MS = 2000;
const scenarioHeader = (plan: RunPlan): Record<string, string> => ({ 'X-Mock-Scenario-Json': JSON.stringify({ runFor: plan.interval - RUN_MARGIN_MS }) });

type Library = 'asyncOp$' | '@azure/core-lro';

/** One library's run: counters the harness reads while the operations are in flight. */
interface Tracker {
  started: number;
  /**
   * performance.now() of the first and the last operation to start its wait for the timed poll
   * (asyncOp$: at its 202; core-lro: at the answer to the poll it sends right after the 202):
   * one interval later, the status requests fall due over this window.
   */
  waits: number;
  firstWaitAt: number;
  lastWaitAt: number;
  completed: number;
  failed: number;
  firstError: unknown;
}

export interface Measurement {
  readonly library: Library;
  readonly mode: StartMode;
  /** The window the timed status requests fall due over (ms): see Tracker. */
  readonly pollsDueOverMs: number;
  /** From the first subscribe to the last 202 (ms). */
  readonly startUpMs: number;
  readonly heapPerOpBytes: number;
  readonly heapSamples: readonly number[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly startPhaseP99Ms: number;
  readonly pollPhaseP99Ms: number;
  readonly completed: number;
  readonly failed: number;
  /** The first failure's message, when any operation failed. */
  readonly firstError: string | undefined;
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
  startAll(options.operations, options.startWindow, () => {
    client
      .action('SalesReportGenerate')
      .parameter('Year', 2024)
      .execute()
      .pipe(asyncOp$(client, { pollInterval: options.interval, maxPolls: 1000 }))
      .subscribe({
        next: (u) => {
          if (u.poll === 0) {
            t.started += 1;
            waitStarted(t);
          }
        },
        complete: () => {
          t.completed += 1;
        },
        error: (error: unknown) => {
          t.failed += 1;
          t.firstError ??= error;
        },
      });
  });
}

function waitStarted(t: Tracker): void {
  t.waits += 1;
  t.lastWaitAt = performance.now();
  if (t.waits === 1) t.firstWaitAt = t.lastWaitAt;
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
  startAll(options.operations, options.startWindow, () => {
    let polled = false;
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
          if (!polled) {
            polled = true;
            waitStarted(t);
          }
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
  });
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

/**
 * One run of one library. With `profilePath`, the polling phase (from the peak to the last
 * completion) runs under the CPU profiler, and the profile is written there.
 */
export async function measure(library: Library, server: ChildServer, options: RunPlan, profilePath?: string): Promise<Measurement> {
  // A fresh agent and axios instance per run: no sockets or caches carried over.
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets });
  const ax = axios.create({ httpAgent: agent });
  await server.clearLog();
  const t: Tracker = { started: 0, waits: 0, firstWaitAt: 0, lastWaitAt: 0, completed: 0, failed: 0, firstError: undefined };
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
  await until(() => t.started + t.failed >= options.operations, 120_000 + options.startWindow);
  const startedAt = performance.now();
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
  const allDone = () => until(() => t.completed + t.failed >= options.operations, 120_000 + 3 * options.interval);
  await (profilePath === undefined ? allDone() : withCpuProfile(profilePath, allDone));
  pollPhase.disable();
  whole.disable();
  const wallMs = performance.now() - t0;
  const cpuAfterPeak = process.cpuUsage(cpu1);
  agent.destroy();

  const requests = await server.count(MONITOR_PREFIX, 'GET');
  return {
    library,
    mode: options.startWindow > 0 ? 'paced' : 'burst',
    pollsDueOverMs: t.lastWaitAt - t.firstWaitAt,
    startUpMs: startedAt - t0,
    heapPerOpBytes: median(heapSamples) / options.operations,
    heapSamples,
    p50Ms: toMs(whole.percentile(50)),
    p99Ms: toMs(whole.percentile(99)),
    maxMs: toMs(whole.max),
    startPhaseP99Ms: toMs(startPhase.percentile(99)),
    pollPhaseP99Ms: toMs(pollPhase.percentile(99)),
    completed: t.completed,
    failed: t.failed,
    firstError: t.failed === 0 ? undefined : t.firstError instanceof Error ? `${t.firstError.name}: ${t.firstError.message}` : String(t.firstError),
    requestsPerOp: requests / options.operations,
    wallMs,
    peakMs,
    completedAtPeak,
    inFlightAtSample,
    // Without the forced collections of the heap samples.
    cpuMs: (cpuToPeak.user + cpuToPeak.system + cpuAfterPeak.user + cpuAfterPeak.system) / 1000,
  };
}

/** Rounds up to whole seconds. */
const wholeSeconds = (ms: number): number => Math.ceil(ms / 1000) * 1000;

/** An interval long enough that every operation has its 202 before the first one is polled. */
const intervalAfter = (startMs: number): number => wholeSeconds(1.5 * startMs + 2000);

function row(m: Measurement, plan: RunPlan): (string | number)[] {
  return [
    m.library,
    m.mode === 'burst' ? 'burst' : `paced, ${fixed(plan.startWindow / 1000, 0)} s`,
    fixed(m.heapPerOpBytes / 1024, 2),
    `${m.heapSamples.map((b) => fixed(b / 1024 / 1024, 1)).join(' / ')} (${m.inFlightAtSample} in flight)`,
    fixed(m.pollsDueOverMs / 1000, 1),
    fixed(m.p50Ms, 1),
    fixed(m.p99Ms, 1),
    `${fixed(m.startPhaseP99Ms, 0)} / ${fixed(m.pollPhaseP99Ms, 0)}`,
    fixed(m.maxMs, 0),
    `${m.completed} / ${m.failed}`,
    fixed(m.requestsPerOp, 2),
    fixed(m.cpuMs / 1000, 1),
    `${fixed(m.peakMs / 1000, 1)} s / ${fixed(m.wallMs / 1000, 1)} s`,
  ];
}

const verdict = (met: boolean): string => (met ? 'met' : 'missed');

/** The burst once more per library, its polling phase profiled: where the busy time goes, and how it is cut into stalls. */
async function profilePollingPhase(server: ChildServer, plan: RunPlan, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const described: string[] = [];
  for (const library of ['asyncOp$', '@azure/core-lro'] as const) {
    const path = join(dir, `scale-polling-${library.replace(/\W+/g, '')}.cpuprofile`);
    await measure(library, server, plan, path);
    const { totalMs, byCategory, stalls } = summarize(path);
    const categories = byCategory
      .slice(0, 5)
      .map(([category, ms]) => `${category} ${fixed(ms, 0)}`)
      .join(', ');
    described.push(`${library}: ${fixed(totalMs, 0)} ms busy (${categories}); ${describeStalls(stalls)}`);
  }
  return `CPU profile of the polling phase (the burst once more per library, profiler on, ${relative(ROOT, dir)}): ${described.join('. ')}.`;
}

export async function runScale(options: ScaleOptions = SCALE_DEFAULTS): Promise<BenchReport> {
  const server = await startChildServer();
  try {
    builtLibrary(); // loaded (and bundled) before any baseline is taken
    // Warm-up of both (JIT) with a tenth of the operations and a short interval; not measured,
    // but its start-up time predicts the real one.
    const warm: RunPlan = { operations: Math.round(options.operations / 10), interval: 3000, maxSockets: options.maxSockets, startWindow: 0 };
    const warmPeaks = [(await measure('asyncOp$', server, warm)).peakMs, (await measure('@azure/core-lro', server, warm)).peakMs];
    const predictedStartMs = (Math.max(...warmPeaks) * options.operations) / warm.operations;
    // Burst: the interval outlasts the slower start-up. Paced: both are started at the pace the
    // slower library got through its burst start-up on its own, so that both meet the same load.
    const burst: RunPlan = { operations: options.operations, interval: intervalAfter(predictedStartMs), maxSockets: options.maxSockets, startWindow: 0 };
    const [lib, lro] = [await measure('asyncOp$', server, burst), await measure('@azure/core-lro', server, burst)];
    const startWindow = wholeSeconds(Math.max(lib.startUpMs, lro.startUpMs));
    const paced: RunPlan = { ...burst, interval: intervalAfter(startWindow), startWindow };
    const [libPaced, lroPaced] = [await measure('asyncOp$', server, paced), await measure('@azure/core-lro', server, paced)];
    const [denser, sparser] = lib.pollsDueOverMs <= lro.pollsDueOverMs ? [lib, lro] : [lro, lib];
    const profileNotes = options.profileDir === undefined ? [] : [await profilePollingPhase(server, burst, options.profileDir)];
    const all = [lib, lro, libPaced, lroPaced];
    const heapRatio = lib.heapPerOpBytes / lro.heapPerOpBytes;
    const heapRatioPaced = libPaced.heapPerOpBytes / lroPaced.heapPerOpBytes;
    const allDone = all.every((m) => m.completed === options.operations && m.failed === 0);
    const peakClean = all.every((m) => m.completedAtPeak === 0 && m.heapSamples.length > 0);
    const burstP99Met = lib.p99Ms < lro.p99Ms;
    const pacedP99Met = libPaced.p99Ms < lroPaced.p99Ms;
    return {
      title: `2. Scale: ${options.operations.toLocaleString('en-US')} operations at once, asyncOp$ vs @azure/core-lro createHttpPoller`,
      setup:
        `${options.operations} v4 operations in one process (server in a child process), a keep-alive agent with ${options.maxSockets} sockets per run, after a warm-up of both with ${warm.operations} operations, ` +
        `whose start-up predicts ${fixed(predictedStartMs / 1000, 1)} s for 10,000 with the slower library. Two ways of starting them, each run for both libraries: ` +
        `**burst**, all in one synchronous loop, polled every ${burst.interval / 1000} s; ` +
        `**paced**, started evenly over ${startWindow / 1000} s (as long as the slower library's burst start-up took) by both libraries, polled every ${paced.interval / 1000} s. ` +
        `Intervals are 1.5 × the start-up (burst) or the window (paced) + 2 s, rounded up to whole seconds, so that every operation is waiting for its timed poll before the first one falls due; ` +
        `each operation runs one interval less ${RUN_MARGIN_MS / 1000} s on the server. ` +
        'Heap per operation: heapUsed after a forced gc at the peak (every 202 received, no request in flight, none completed) minus heapUsed after a forced gc before the start, ' +
        'over the operations (median of 2 samples). Event-loop delay: monitorEventLoopDelay (10 ms resolution) from the first subscribe to the last completion, without the heap-sampling window. ' +
        'Client CPU: process.cpuUsage over the run, without the forced collections.',
      table: table(
        [
          'library',
          'start',
          'heap / op (KiB)',
          'heap at peak (MiB)',
          'polls due over s',
          'loop delay p50 ms',
          'p99 ms',
          'p99 ms start / polling',
          'max ms',
          'completed / failed',
          'status GETs / op',
          'client CPU s',
          'peak at / all done',
        ],
        [row(lib, burst), row(lro, burst), row(libPaced, paced), row(lroPaced, paced)],
      ),
      notes: [
        `Heap per operation asyncOp$ / core-lro: **${fixed(heapRatio, 2)}** in the burst runs (target ≤ 0.6: ${verdict(heapRatio <= 0.6)}); ${fixed(heapRatioPaced, 2)} paced.`,
        `Event-loop delay p99 (target: lower in the paced run): burst **${fixed(lib.p99Ms, 1)} ms vs ${fixed(lro.p99Ms, 1)} ms** (${verdict(burstP99Met)}); ` +
          `paced **${fixed(libPaced.p99Ms, 1)} ms vs ${fixed(lroPaced.p99Ms, 1)} ms** (${verdict(pacedP99Met)}). ` +
          `Longest stall (max): burst ${fixed(lib.maxMs, 0)} vs ${fixed(lro.maxMs, 0)} ms, paced ${fixed(libPaced.maxMs, 0)} vs ${fixed(lroPaced.maxMs, 0)} ms.`,
        `"Polls due over": the window the timed status requests fall due over (from asyncOp$'s 202s; from the answers to core-lro's first, immediate poll). ` +
          `In the burst runs ${denser.library} met ${fixed(sparser.pollsDueOverMs / Math.max(1, denser.pollsDueOverMs), 2)} × the request rate of ${sparser.library} while polling ` +
          `(${fixed(denser.pollsDueOverMs / 1000, 1)} s against ${fixed(sparser.pollsDueOverMs / 1000, 1)} s); the paced runs start both at the same pace.`,
        `All operations completed: ${allDone ? 'yes, every run' : `NO (${all.map((m) => `${m.library} ${m.mode}: ${m.failed} failed${m.firstError === undefined ? '' : `, the first with ${m.firstError}`}`).join('; ')})`}; ` +
          `heap sampled with no operation completed: ${peakClean ? 'yes' : 'NO'}.`,
        'core-lro sends its first status request right after the 202, asyncOp$ waits one interval first: hence the different GET counts (1 and 2 when every operation is done at its first timed poll).',
        ...profileNotes,
      ],
      met: heapRatio <= 0.6 && pacedP99Met && allDone,
    };
  } finally {
    await server.close();
  }
}
