// A profiling aid for the layers under the poll loop (not one of the four benchmarks): the CPU of
// status requests sent through the library's axios transport, and through a client's session
// (headers, origin check, cookies, redirects, size limit), against the same GETs sent with plain
// axios and the transport's request config. Where benchmark 1 measures the whole asyncOp$, this
// splits off the part below lib/lro.
//
//   node --expose-gc --import tsx bench/transport-overhead.ts [requests] [rounds] [--profile] [--before=<git rev>]
//
// --before also measures lib/ as it was at that commit (git archive into .tmp), in the same run:
// the figures of one run compare, those of two runs on a shared machine hardly do.
//
// The server runs in a child process, as in benchmark 1; one operation that never ends is polled
// by every request. The library is bundled with esbuild (internals included) as bench/built-lib.ts does.
import axios, { type AxiosInstance } from 'axios';
import { buildSync } from 'esbuild';
import { execSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, type Observable } from 'rxjs';
import { withCpuProfile } from './cpu-profile.js';
import { ROOT } from './paths.js';
import { summarize } from './profile-summary.js';
import { startChildServer, type ChildServer } from './server.js';
import { cpuMs, fixed, gc, median } from './stats.js';

interface Internals {
  readonly axiosTransport: typeof import('../lib/http/axios-transport.js').axiosTransport;
  readonly sessionOf: typeof import('../lib/odata/client-session.js').sessionOf;
  readonly createODataClient: typeof import('../lib/odata/odata-client.js').createODataClient;
}

const OUT_DIR = join(ROOT, '.tmp/transport-overhead');
const SCENARIO = 'transport-overhead';
const HEADERS = { Accept: 'application/json', 'OData-MaxVersion': '4.01', 'X-Mock-Scenario': SCENARIO };

/** The internals of `root`/lib bundled into one CommonJS file, peers external, as an application's bundle would hold them. */
function internals(root: string, name: string): Internals {
  mkdirSync(OUT_DIR, { recursive: true });
  const entry = join(OUT_DIR, `${name}.ts`);
  const outfile = join(OUT_DIR, `${name}.cjs`);
  rmSync(outfile, { force: true });
  buildSync({
    stdin: {
      contents: [
        "export { axiosTransport } from './lib/http/axios-transport.ts';",
        "export { sessionOf } from './lib/odata/client-session.ts';",
        "export { createODataClient } from './lib/odata/odata-client.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
      sourcefile: entry,
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['rxjs', 'rxjs/*', 'axios', 'io-ts', 'io-ts/*', 'fp-ts', 'fp-ts/*', 'tough-cookie'],
    outfile,
    logLevel: 'error',
  });
  return createRequire(outfile)(outfile) as Internals;
}

type Send = () => Promise<unknown>;

async function monitorUrl(server: ChildServer, ax: AxiosInstance): Promise<string> {
  const started = await ax.post(`${server.v4Root}SalesReportGenerate`, '{"Year":2024}', {
    headers: { ...HEADERS, Prefer: 'respond-async', 'Content-Type': 'application/json' },
    validateStatus: () => true,
  });
  if (started.status !== 202) throw new Error(`expected 202, got ${started.status}`);
  return new URL(String(started.headers['location']), server.v4Root).href;
}

async function run(send: Send, requests: number, concurrency: number): Promise<number> {
  gc();
  const cpu0 = cpuMs();
  let left = requests;
  const worker = async (): Promise<void> => {
    while (left > 0) {
      left -= 1;
      await send();
      // The same wait between polls as benchmark 1's loops.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return cpuMs() - cpu0;
}

async function main(): Promise<void> {
  const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const requests = Number(positional[0] ?? 20000);
  const rounds = Number(positional[1] ?? 3);
  const profile = process.argv.includes('--profile');
  const before = process.argv.find((a) => a.startsWith('--before='))?.slice('--before='.length);
  const builds: Array<readonly [string, Internals]> = [['', internals(ROOT, 'internals')]];
  if (before !== undefined) {
    // Inside the worktree, so that the copy resolves packages from the same node_modules.
    const dir = join(OUT_DIR, 'before');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execSync(`git archive ${JSON.stringify(before)} lib | tar -x -C ${JSON.stringify(dir)}`, { cwd: ROOT });
    builds.push([` (${before})`, internals(dir, 'internals-before')]);
  }
  const server = await startChildServer({ [SCENARIO]: { runningPolls: Number.MAX_SAFE_INTEGER } });
  const ax = axios.create();
  try {
    const url = await monitorUrl(server, ax);
    const lean = { validateStatus: () => true, maxRedirects: 0, responseType: 'text' as const, transformResponse: [(data: unknown) => data] };
    const first = <T>(o: Observable<T>): Promise<T> => firstValueFrom(o);
    const variants: Array<readonly [string, Send]> = [
      ['axios, lean config', () => ax.get(url, { ...lean, headers: HEADERS })],
      // What aborting on unsubscribe costs axios: a signal per request, listened to until the answer.
      ['axios, lean config + signal', () => ax.get(url, { ...lean, headers: HEADERS, signal: new AbortController().signal })],
      // The same with axios's own (deprecated) cancel token instead.
      ['axios, lean config + cancelToken', () => ax.get(url, { ...lean, headers: HEADERS, cancelToken: new axios.CancelToken(() => undefined) })],
    ];
    for (const [suffix, { axiosTransport, sessionOf, createODataClient }] of builds) {
      const transport = axiosTransport(ax, { maxResponseBytes: 10 * 1024 * 1024, serviceOrigin: server.origin });
      const session = sessionOf(createODataClient({ serviceRoot: server.v4Root, axios: ax, headers: { 'X-Mock-Scenario': SCENARIO } }));
      variants.push([`axiosTransport${suffix}`, () => first(transport({ method: 'GET', url, headers: HEADERS }))]);
      variants.push([`session.send${suffix}`, () => first(session.send({ method: 'GET', url }))]);
    }
    for (const [, send] of variants) await run(send, Math.round(requests / 5), 50);
    const cpu = new Map<string, number[]>();
    for (let round = 0; round < rounds; round++) {
      // Rotated and every other round reversed: no variant always goes first or last.
      const rotated = variants.map((_, i) => variants[(i + round) % variants.length] ?? variants[0]!);
      const order = round % 2 === 0 ? rotated : rotated.reverse();
      for (const [name, send] of order) {
        await server.clearLog();
        cpu.set(name, [...(cpu.get(name) ?? []), await run(send, requests, 50)]);
      }
    }
    const base = median(cpu.get('axios, lean config') ?? []);
    console.log(`${requests} GETs × ${rounds} rounds, 50 at once, load ${fixed(loadavg()[0] ?? 0, 2)}`);
    for (const [name] of variants) {
      const ms = median(cpu.get(name) ?? []);
      console.log(
        `${name.padEnd(36)} ${fixed(ms, 0).padStart(6)} ms  ${fixed((ms * 1000) / requests, 1).padStart(6)} µs/request  ${fixed(ms / base, 3)}  (${(cpu.get(name) ?? []).map((v) => fixed(v, 0)).join(' / ')})`,
      );
    }
    if (profile) {
      for (const [name, send] of variants.slice(1).filter(([n]) => !n.includes('('))) {
        const path = join(OUT_DIR, `${name.replace(/[^a-z]+/gi, '-')}.cpuprofile`);
        await withCpuProfile(path, () => run(send, requests, 50));
        const summary = summarize(path);
        console.log(`\n${name}: ${fixed(summary.totalMs, 0)} ms busy (${path})`);
        for (const [fn, ms] of summary.byFunction.slice(0, 25)) console.log(`  ${fixed(ms, 0).padStart(6)} ms  ${fn}`);
      }
    }
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
