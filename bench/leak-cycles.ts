// Leak benchmark: subscribe/unsubscribe cycles of asyncOp$ and of a shared poller.status$, left
// at random points of the poll loop, then the heap (after a full collection) and the active
// handles compared with the start.
//
//   node --expose-gc --import tsx bench/leak-cycles.ts            (npm run bench:leaks)
//   node --expose-gc --import tsx bench/leak-cycles.ts --cycles 20000 --http-cycles 500 --http-warm-up 1000 --seed 7
//
// 1. In memory: 100,000 cycles on the `transport` option with a fake that answers at once
//    (`of`) or after a real timer, with Running, throttled (503 + Retry-After: 0) and terminal
//    answers; pollInterval 0–2 ms. Only the library's own state is on the heap.
// 2. Over real HTTP: a smaller batch against the embedded server, which runs in a child
//    process so that its request log and sockets stay out of this process's numbers.
//
// Exit code 1 when the heap grows by more than 64 bytes per cycle in memory (512 over HTTP), or
// when a handle is left behind.
import { fork } from 'node:child_process';
import { globalAgent } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lastValueFrom, map, type Observable, of, Subscription, timer } from 'rxjs';
import { asyncOp$, createAsyncPoller, createODataClient, type AsyncOpUpdate, type HttpRequest, type HttpResponse } from '../lib/index.js';
import { mulberry32 } from '../spec/support/seeded-random.js';

const HERE: string = typeof __dirname === 'string' ? __dirname : fileURLToPath(new URL('.', import.meta.url));
/**
 * Allowed heap growth per cycle. In memory, one leaked cycle (a client, its poll loop, subscribers,
 * timers, updates) holds several KiB, so 64 bytes is far below a leak and above the noise. Over
 * HTTP a leaked cycle would also hold requests and sockets (tens of KiB); the noise is larger
 * there (V8 keeps optimizing the http paths, and its code counts in heapUsed), hence 512.
 */
const MAX_GROWTH_BYTES_PER_CYCLE = { memory: 64, http: 512 } as const;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 0) throw new TypeError(`--${name} takes a whole number, got ${process.argv[index + 1]}`);
  return value;
}

const CYCLES = option('cycles', 100_000);
const HTTP_CYCLES = option('http-cycles', 2_000);
const HTTP_WARM_UP = option('http-warm-up', 3_000);
const SEED = option('seed', 0x1eaf);

const gcFunction: unknown = Reflect.get(globalThis, 'gc');
if (typeof gcFunction !== 'function') {
  console.error('Run with --expose-gc: node --expose-gc --import tsx bench/leak-cycles.ts');
  process.exit(2);
}
/** Two full collections: the second one gets what finalizers of the first released. */
function collect(): void {
  Reflect.apply(gcFunction as (...args: unknown[]) => unknown, undefined, []);
  Reflect.apply(gcFunction as (...args: unknown[]) => unknown, undefined, []);
}

function heapAfterGc(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

const random = mulberry32(SEED);
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** Types whose count went up since `before`. */
function grownHandles(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.entries(after)
    .filter(([type, n]) => n > (before[type] ?? 0))
    .map(([type, n]) => `${type} ${before[type] ?? 0} → ${n}`);
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Lets timers and sockets close, up to `ms`, until no handle type is above `before`. */
async function settle(before: Record<string, number>, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (grownHandles(before, handles()).length > 0 && Date.now() < end) await sleep(5);
}

async function pool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Subscribes and leaves after `leaveAfterMs` or at the `leaveAt`-th update, or when the stream ends. */
function cycle(stream: Observable<AsyncOpUpdate>, leaveAfterMs: number, leaveAt: number): Promise<void> {
  return new Promise<void>((done) => {
    let seen = 0;
    let finished = false;
    // Created first: leaving during subscribe() (a synchronous answer) closes it, and a closed
    // Subscription unsubscribes whatever is added to it at once.
    const subscription = new Subscription();
    const leave = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(clock);
      subscription.unsubscribe();
      done();
    };
    const clock = setTimeout(leave, leaveAfterMs);
    subscription.add(
      stream.subscribe({
        next: () => {
          seen += 1;
          if (seen >= leaveAt) leave();
        },
        error: leave,
        complete: leave,
      }),
    );
  });
}

const counts = { asyncOp: 0, sharedStatus: 0 };

/** One cycle on the in-memory transport. */
function memoryCycle(): Promise<void> {
  const monitor = 'https://host.example/odata/$monitor/1';
  const accepted: HttpResponse = { status: 202, headers: { location: monitor }, body: '' };
  const runningAnswer: HttpResponse = {
    status: 202,
    headers: { location: monitor, 'content-type': 'application/json' },
    body: '{"status":"Running","percentComplete":40}',
  };
  const throttled: HttpResponse = { status: 503, headers: { 'retry-after': '0' }, body: '' };
  const done: HttpResponse = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"Succeeded"}' };
  const runningPolls = int(0, 6);
  const latency = int(0, 2);
  let gets = 0;
  const transport = (request: HttpRequest): Observable<HttpResponse> => {
    if (request.method === 'POST') return of(accepted);
    gets += 1;
    const answer = gets % 4 === 2 ? throttled : gets > runningPolls ? done : runningAnswer;
    return latency === 0 ? of(answer) : timer(latency).pipe(map(() => answer));
  };
  const client = createODataClient({ serviceRoot: 'https://host.example/odata/', transport, csrf: 'never' });
  const options = { pollInterval: int(0, 2), maxPolls: 50 };
  if (random() < 0.5) {
    counts.asyncOp += 1;
    return cycle(client.action('Run').execute().pipe(asyncOp$(client, options)), int(0, 8), int(1, 5));
  }
  counts.sharedStatus += 1;
  const poller = createAsyncPoller(client, monitor, options);
  return Promise.all([cycle(poller.status$, int(0, 8), int(1, 4)), cycle(poller.status$, int(0, 8), int(1, 4))]).then(() => undefined);
}

interface PhaseResult {
  readonly name: string;
  readonly cycles: number;
  readonly seconds: number;
  readonly heapBefore: number;
  readonly heapAfter: number;
  readonly samples: readonly number[];
  readonly handlesBefore: Record<string, number>;
  readonly handlesAfter: Record<string, number>;
  readonly maxGrowthPerCycle: number;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

function report(result: PhaseResult): boolean {
  const growth = result.heapAfter - result.heapBefore;
  const perCycle = growth / result.cycles;
  const grown = grownHandles(result.handlesBefore, result.handlesAfter);
  console.log(`${result.name}: ${result.cycles} cycles in ${result.seconds.toFixed(1)} s`);
  console.log(
    `  heap after gc: before ${mib(result.heapBefore)}, after ${mib(result.heapAfter)}, growth ${(growth / 1024).toFixed(1)} KiB = ${perCycle.toFixed(2)} bytes per cycle`,
  );
  // The first round may still shed warm-up garbage (or JIT code): the slope after it is the steadier figure.
  const rounds = result.samples.length - 1;
  const afterFirst = rounds > 1 ? ((result.samples[rounds] ?? 0) - (result.samples[1] ?? 0)) / (result.cycles - result.cycles / rounds) : perCycle;
  if (rounds > 1) {
    console.log(`  heap after gc, round by round: ${result.samples.map(mib).join(' → ')}; after the first round ${afterFirst.toFixed(2)} bytes per cycle`);
  }
  console.log(
    `  active handles before ${JSON.stringify(result.handlesBefore)}, after ${JSON.stringify(result.handlesAfter)}${grown.length ? `  LEFT BEHIND: ${grown.join(', ')}` : ''}`,
  );
  const ok = Math.max(perCycle, afterFirst) <= result.maxGrowthPerCycle && grown.length === 0;
  console.log(`  ${ok ? 'ok' : 'FAIL'}: at most ${result.maxGrowthPerCycle} bytes per cycle, no handle left behind`);
  return ok;
}

async function inMemoryPhase(): Promise<PhaseResult> {
  // Warm-up: JIT, inline caches, RxJS internals.
  await pool(5_000, 500, memoryCycle);
  await sleep(20);
  const handlesBefore = handles();
  const heapBefore = heapAfterGc();
  const samples = [heapBefore];
  const rounds = 5;
  const started = Date.now();
  for (let round = 0; round < rounds; round += 1) {
    const size = Math.floor(CYCLES / rounds) + (round < CYCLES % rounds ? 1 : 0);
    await pool(size, 500, memoryCycle);
    samples.push(heapAfterGc());
  }
  const seconds = (Date.now() - started) / 1000;
  await settle(handlesBefore);
  return {
    name: 'in-memory transport (asyncOp$ and shared status$)',
    cycles: CYCLES,
    seconds,
    heapBefore,
    heapAfter: samples[samples.length - 1] ?? heapBefore,
    samples,
    handlesBefore,
    handlesAfter: handles(),
    maxGrowthPerCycle: MAX_GROWTH_BYTES_PER_CYCLE.memory,
  };
}

async function httpPhase(): Promise<PhaseResult> {
  const child = fork(resolve(HERE, 'support/leak-server.ts'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const v4Root = await new Promise<string>((ready, fail) => {
    child.once('message', (message: unknown) => {
      const root: unknown = typeof message === 'object' && message !== null ? Reflect.get(message, 'v4Root') : undefined;
      if (typeof root === 'string') ready(root);
      else fail(new Error(`unexpected message from the server process: ${JSON.stringify(message)}`));
    });
    child.once('exit', (code) => {
      fail(new Error(`the server process exited with ${String(code)}`));
    });
  });
  const scenarios = [
    { runningPolls: 1_000_000 },
    { runningPolls: 2 },
    { runningPolls: 1_000_000, faults: [{ at: 2, kind: 'slow', delayMs: 15 }] },
    { runningPolls: 1_000_000, faults: [{ at: 1, kind: '503', retryAfter: 0 }] },
  ];
  const httpCycle = (index: number): Promise<void> => {
    const scenario = scenarios[index % scenarios.length];
    const client = createODataClient({ serviceRoot: v4Root, headers: { 'X-Mock-Scenario-Json': JSON.stringify(scenario) } });
    const options = { pollInterval: int(0, 3), maxPolls: 50, maxRetryAfter: 5 };
    if (index % 2 === 0) {
      counts.asyncOp += 1;
      return cycle(client.action('SalesReportGenerate').parameter('Year', 2024).execute().pipe(asyncOp$(client, options)), int(0, 40), int(1, 4));
    }
    counts.sharedStatus += 1;
    return lastValueFrom(client.action('SalesReportGenerate').parameter('Year', 2024).execute()).then((started) => {
      const poller = createAsyncPoller(client, started.location() ?? '', options);
      return Promise.all([cycle(poller.status$, int(0, 20), int(1, 3)), cycle(poller.status$, int(0, 20), int(1, 3))]).then(() => undefined);
    });
  };
  try {
    // Warm-up: the first few thousand HTTP cycles fill the keep-alive pool and let V8 finish
    // optimizing the axios, node:http and cookie-jar paths. Its compiled code and deopt data
    // count in heapUsed (about 1 MiB, once; a heap snapshot diff shows no other growth), so
    // the measure starts after.
    await pool(HTTP_WARM_UP, 20, httpCycle);
    child.send('clear');
    await sleep(50);
    const handlesBefore = handles();
    const heapBefore = heapAfterGc();
    const samples = [heapBefore];
    const rounds = 4;
    const started = Date.now();
    for (let round = 0; round < rounds; round += 1) {
      const size = Math.floor(HTTP_CYCLES / rounds) + (round < HTTP_CYCLES % rounds ? 1 : 0);
      await pool(size, 20, httpCycle);
      child.send('clear');
      await settle(handlesBefore);
      samples.push(heapAfterGc());
    }
    const seconds = (Date.now() - started) / 1000;
    const handlesAfter = handles();
    return {
      name: 'real HTTP (embedded server in a child process, http.globalAgent)',
      cycles: HTTP_CYCLES,
      seconds,
      heapBefore,
      heapAfter: samples[samples.length - 1] ?? heapBefore,
      samples,
      handlesBefore,
      handlesAfter,
      maxGrowthPerCycle: MAX_GROWTH_BYTES_PER_CYCLE.http,
    };
  } finally {
    child.send('close');
    globalAgent.destroy();
  }
}

async function main(): Promise<void> {
  console.log(
    `leak-cycles: node ${process.version}, seed ${SEED}, ${CYCLES} in-memory cycles (after 5000 to warm up), ${HTTP_CYCLES} HTTP cycles (after ${HTTP_WARM_UP})`,
  );
  const memory = await inMemoryPhase();
  const memoryOk = report(memory);
  const http = HTTP_CYCLES > 0 ? await httpPhase() : undefined;
  const httpOk = http === undefined ? true : report(http);
  console.log(`cycles by kind (warm-ups included): asyncOp$ ${counts.asyncOp}, shared status$ ${counts.sharedStatus}`);
  if (!memoryOk || !httpOk) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
