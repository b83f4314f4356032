// Benchmark 1: CPU cost of asyncOp$ per poll against a hand-written axios loop sending the same
// requests to the same server (a child process, so only the client's CPU is counted).
import axios, { type AxiosInstance } from 'axios';
import { count, from, lastValueFrom, last, mergeMap } from 'rxjs';
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { builtLibrary } from './built-lib.js';
import { ROOT } from './paths.js';
import { withCpuProfile } from './cpu-profile.js';
import { summarize } from './profile-summary.js';
import type { BenchReport } from './report.js';
import { startChildServer, type ChildServer, type SampledRequest } from './server.js';
import { cpuMs, fixed, gc, median, table } from './stats.js';

export interface PollOverheadOptions {
  /** Operations per run. @default 1000 */
  readonly operations: number;
  /** Status requests per operation (the last one answers the result). @default 20 */
  readonly polls: number;
  /** Operations in flight at once, the same for both clients. @default 50 */
  readonly concurrency: number;
  /** Measured runs of each client, in rotating order; one warm-up run each comes first. @default 3 */
  readonly rounds: number;
  /** A directory: profile one more run of each client there, and add the areas that differ to the notes. */
  readonly profileDir?: string;
}

export const POLL_OVERHEAD_DEFAULTS: PollOverheadOptions = { operations: 1000, polls: 20, concurrency: 50, rounds: 3 };

const SCENARIO = 'bench-overhead';
const MONITOR_PREFIX = '/odata/v4/sales/$monitor/';
const ACTION_PATH = '/odata/v4/sales/SalesReportGenerate';

/**
 * asyncOp$; the hand loop with axios defaults (what a developer writes: redirects followed by
 * follow-redirects, JSON parsed by axios); the same loop with the request config of the library's
 * own transport (maxRedirects 0, body kept as text), the leanest axios can be.
 */
type Variant = 'asyncOp$' | 'axios loop' | 'axios loop, lean';
const VARIANTS: readonly Variant[] = ['asyncOp$', 'axios loop', 'axios loop, lean'];

interface Run {
  readonly variant: Variant;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly posts: number;
  readonly polls: number;
}

/** asyncOp$ as an app would use it: a client on the shared axios instance, pollInterval 0. */
export async function runAsyncOp(server: ChildServer, ax: AxiosInstance, options: PollOverheadOptions): Promise<number> {
  const { asyncOp$, createODataClient } = builtLibrary();
  const client = createODataClient({ serviceRoot: server.v4Root, axios: ax, headers: { 'X-Mock-Scenario': SCENARIO } });
  const operation$ = client
    .action('SalesReportGenerate')
    .parameter('Year', 2024)
    .execute()
    .pipe(asyncOp$(client, { pollInterval: 0, maxPolls: options.polls + 5 }), last());
  const done = await lastValueFrom(
    from(Array.from({ length: options.operations })).pipe(
      mergeMap(() => operation$, options.concurrency),
      count(),
    ),
  );
  return done;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The loop a developer would write by hand with axios: the same headers as the client sends
 * (Accept, OData-MaxVersion, the configured header; Prefer and Content-Type on the POST), the
 * same wait (pollInterval 0: a setTimeout 0, as asyncOp$'s timer), the v4 202 / AsyncResult rules.
 */
async function handOperation(server: ChildServer, ax: AxiosInstance, options: PollOverheadOptions, lean: boolean): Promise<void> {
  const base = { Accept: 'application/json', 'OData-MaxVersion': '4.01', 'X-Mock-Scenario': SCENARIO };
  const config = lean
    ? { validateStatus: () => true, maxRedirects: 0, responseType: 'text' as const, transformResponse: [(data: unknown) => data] }
    : { validateStatus: () => true };
  const started = await ax.post<unknown>(`${server.v4Root}SalesReportGenerate`, '{"Year":2024}', {
    ...config,
    headers: { ...base, Prefer: 'respond-async', 'Content-Type': 'application/json;IEEE754Compatible=true' },
  });
  if (started.status !== 202) throw new Error(`expected 202, got ${started.status}`);
  let location = new URL(String(started.headers['location']), `${server.v4Root}SalesReportGenerate`).href;
  for (let poll = 1; poll <= options.polls + 5; poll++) {
    await sleep(0);
    const response = await ax.get<unknown>(location, { ...config, headers: base });
    if (response.status === 202) {
      const next: unknown = response.headers['location'];
      if (typeof next === 'string' && next !== '') location = new URL(next, location).href;
      continue;
    }
    const asyncResult: unknown = response.headers['asyncresult'];
    if (response.status === 200 && typeof asyncResult === 'string' && /^2\d\d$/.test(asyncResult)) return;
    throw new Error(`operation failed: HTTP ${response.status} AsyncResult ${String(asyncResult)}`);
  }
  throw new Error('too many polls');
}

export async function runHandLoop(server: ChildServer, ax: AxiosInstance, options: PollOverheadOptions, lean = false): Promise<number> {
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < options.operations) {
      next += 1;
      await handOperation(server, ax, options, lean);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return done;
}

async function measure(variant: Variant, server: ChildServer, ax: AxiosInstance, options: PollOverheadOptions): Promise<Run> {
  await server.clearLog();
  gc();
  const wall0 = performance.now();
  const cpu0 = cpuMs();
  const done = variant === 'asyncOp$' ? await runAsyncOp(server, ax, options) : await runHandLoop(server, ax, options, variant === 'axios loop, lean');
  const cpu = cpuMs() - cpu0;
  const wallMs = performance.now() - wall0;
  if (done !== options.operations) throw new Error(`${variant}: ${done} of ${options.operations} operations completed`);
  const posts = await server.count(ACTION_PATH, 'POST');
  const polls = await server.count(MONITOR_PREFIX, 'GET');
  return { variant, cpuMs: cpu, wallMs, posts, polls };
}

/** The headers two clients sent, compared without the connection-level ones. */
function sameRequest(a: SampledRequest | null, b: SampledRequest | null): boolean {
  if (a === null || b === null) return false;
  const strip = (h: Readonly<Record<string, string>>) =>
    Object.entries(h)
      .filter(([k]) => !['host', 'connection', 'content-length'].includes(k))
      .sort(([x], [y]) => x.localeCompare(y));
  return a.method === b.method && a.body === b.body && JSON.stringify(strip(a.headers)) === JSON.stringify(strip(b.headers));
}

async function samples(server: ChildServer): Promise<{ post: SampledRequest | null; poll: SampledRequest | null }> {
  return { post: await server.sample(ACTION_PATH, 'POST'), poll: await server.sample(MONITOR_PREFIX, 'GET') };
}

/**
 * One more run of asyncOp$ and of the lean loop under the CPU profiler; the notes list the source
 * areas (packages, lib/ files, node internals) whose self time differs most between the two.
 */
async function profileVariants(server: ChildServer, ax: AxiosInstance, options: PollOverheadOptions, dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const paths = new Map<Variant, string>();
  for (const variant of ['asyncOp$', 'axios loop, lean'] as const) {
    const path = join(dir, `poll-overhead-${variant.replace(/[^a-z$]+/gi, '-')}.cpuprofile`);
    await withCpuProfile(path, () => measure(variant, server, ax, options));
    paths.set(variant, path);
  }
  const lib = summarize(paths.get('asyncOp$') ?? '');
  const lean = summarize(paths.get('axios loop, lean') ?? '');
  const leanCategories = new Map(lean.byCategory);
  const categories = lib.byCategory.map(([category, ms]) => [category, ms, ms - (leanCategories.get(category) ?? 0)] as const).sort((a, b) => b[2] - a[2]);
  const extra = lib.totalMs - lean.totalMs;
  const topLib = lib.byFunction.filter(([f]) => /rxjs-odata-async-bench|rxjs\/|tough-cookie|tldts|abort|DOMException/.test(f)).slice(0, 10);
  return [
    `CPU profile (one more run of each, profiler on, ${relative(ROOT, dir)}): asyncOp$ ${fixed(lib.totalMs, 0)} ms busy, lean axios loop ${fixed(lean.totalMs, 0)} ms busy, ` +
      `${fixed(extra, 0)} ms more. Where the difference goes, by category (asyncOp$ self ms, Δ vs lean loop): ` +
      categories.map(([c, ms, d]) => `${c} ${fixed(ms, 0)} (${d >= 0 ? '+' : ''}${fixed(d, 0)})`).join('; ') +
      '.',
    `Top asyncOp$ functions in the library, rxjs, the cookie jar and abort handling (self ms): ${topLib.map(([f, ms]) => `${f.replace(/ \.cache\/rxjs-odata-async-bench\/index\.cjs/, ' lib')} ${fixed(ms, 0)}`).join('; ')}.`,
  ];
}

/** Round r runs the variants rotated by r, every other round reversed: no variant always goes first or last. */
function roundOrder(round: number): Variant[] {
  const rotated = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length] ?? 'asyncOp$');
  return round % 2 === 0 ? rotated : rotated.reverse();
}

export async function runPollOverhead(options: PollOverheadOptions = POLL_OVERHEAD_DEFAULTS): Promise<BenchReport> {
  // runningPolls = polls - 1: the last status request answers 200 + AsyncResult. No Retry-After.
  const server = await startChildServer({ [SCENARIO]: { runningPolls: options.polls - 1 } });
  const ax = axios.create();
  try {
    // Warm-up (JIT, sockets, the lazily loaded cookie jar) on a fifth of the work; the request
    // shapes of the clients are compared once.
    const warm = { ...options, operations: Math.max(options.concurrency, Math.round(options.operations / 5)) };
    const shapes = new Map<Variant, Awaited<ReturnType<typeof samples>>>();
    for (const variant of VARIANTS) {
      await measure(variant, server, ax, warm);
      shapes.set(variant, await samples(server));
    }
    const lib = shapes.get('asyncOp$');
    const identical = VARIANTS.every((v) => {
      const other = shapes.get(v);
      return lib !== undefined && other !== undefined && sameRequest(lib.post, other.post) && sameRequest(lib.poll, other.poll);
    });

    const runs: Run[] = [];
    for (let round = 0; round < options.rounds; round++) {
      for (const variant of roundOrder(round)) runs.push(await measure(variant, server, ax, options));
    }
    const of = (v: Variant) => runs.filter((r) => r.variant === v);
    const cpu = (v: Variant) => median(of(v).map((r) => r.cpuMs));
    const expectedPolls = options.operations * options.polls;
    const requestsOk = runs.every((r) => r.posts === options.operations && r.polls === expectedPolls);
    const perRequest = (r: Run) => (r.cpuMs * 1000) / (r.posts + r.polls);
    const vsDefault = cpu('asyncOp$') / cpu('axios loop');
    const vsLean = cpu('asyncOp$') / cpu('axios loop, lean');
    const rows = VARIANTS.map((v) => {
      const rs = of(v);
      return [
        v,
        fixed(median(rs.map((r) => r.cpuMs)), 0),
        rs.map((r) => fixed(r.cpuMs, 0)).join(' / '),
        fixed(median(rs.map(perRequest)), 1),
        fixed(cpu(v) / cpu('axios loop'), 3),
        fixed(median(rs.map((r) => r.wallMs)), 0),
        `${rs[0]?.posts ?? 0} + ${rs[0]?.polls ?? 0}`,
      ];
    });
    const profileNotes = options.profileDir === undefined ? [] : await profileVariants(server, ax, options, options.profileDir);
    const verdict = (ratio: number, target: number) => `${fixed(ratio, 3)} (target ≤ ${target.toFixed(2)}: ${ratio <= target ? 'met' : 'missed'})`;
    return {
      title: '1. Poll overhead: asyncOp$ vs a hand-written axios loop',
      setup:
        `${options.operations} operations × ${options.polls} status requests (v4 \`SalesReportGenerate\`, scenario runningPolls ${options.polls - 1}, ` +
        `no Retry-After, pollInterval 0), ${options.concurrency} operations in flight at once, one axios instance for all; server in a child process. ` +
        `Client process CPU (process.cpuUsage, user + system); a warm-up run each, then ${options.rounds} measured runs each in rotating order, medians. ` +
        '"axios loop": axios defaults (follow-redirects, JSON parsing); "lean": the request config of the library\'s transport (maxRedirects 0, text body).',
      table: table(
        [
          'client',
          'CPU ms (median)',
          'CPU ms per run',
          'CPU µs / request',
          'CPU vs axios loop',
          'wall ms (median)',
          'requests per run (POST + GET), server log',
        ],
        rows,
      ),
      notes: [
        `Ratio asyncOp$ / axios loop (defaults): **${verdict(vsDefault, 1.05)}**; asyncOp$ / lean axios loop: **${verdict(vsLean, 1.2)}**.`,
        `Requests counted in the server log: ${requestsOk ? `every run sent exactly ${options.operations} POST + ${expectedPolls} GET` : 'MISMATCH, see the table'}; ` +
          `request headers and bodies of the clients ${identical ? 'identical' : 'DIFFER'} (host/connection aside).`,
        ...profileNotes,
      ],
      met: vsDefault <= 1.05 && vsLean <= 1.2 && requestsOk,
    };
  } finally {
    await server.close();
  }
}
