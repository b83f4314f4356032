/**
 * Leaks: subscribe/unsubscribe cycles of `asyncOp$` and of a shared `poller.status$`, left at
 * random points of the poll loop (after N ms, after the k-th update, during a slow answer, in a
 * Retry-After wait), must leave no timer, socket or listener behind, and no growing heap.
 *
 * Over real HTTP against the embedded server, the test counts active handles by type
 * (`process.getActiveResourcesInfo()`), the sockets of the http agents (the default
 * `http.globalAgent` and an agent of its own), the server's unanswered requests, the
 * `abort` listeners of `wait({ signal })` and the process's listeners, before and after.
 * The heap part runs the operator on an in-memory transport in virtual time, with the
 * collector exposed through V8 flags; `bench/leak-cycles.ts` runs 100,000 cycles.
 */
import { getEventListeners } from 'node:events';
import { Agent, globalAgent } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import axios from 'axios';
import { lastValueFrom, Subscription, VirtualTimeScheduler, type Observable } from 'rxjs';
import { asyncOp$, createAsyncPoller, createODataClient, type AsyncOpUpdate, type ODataClient } from '../../lib/index';
import { startMockODataServer, type MockODataServer, type Scenario } from '../../lib/testing/index';
import {
  activeResources,
  agentSockets,
  dice,
  memoryTransport,
  mulberry32,
  pool,
  realProcess,
  reply,
  seedFrom,
  trapUnhandled,
  until,
  type Dice,
} from './support';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

const SEED = seedFrom('LEAK_SEED', 0x1eaf);
const HTTP_CYCLES = 300;
/** Longer than any cycle lasts (JSON has no Infinity for the scenario header). */
const ENDLESS = 1_000_000;

/** The collector, exposed at run time: jest does not pass --expose-gc. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') throw new Error('could not expose the garbage collector');
  return () => {
    gc();
    gc();
  };
}

/** Sockets an agent holds to one server (its pool is keyed `host:port:…`). */
function socketsTo(agent: Agent, port: string): number {
  const count = (group: NodeJS.ReadOnlyDict<readonly unknown[]>): number =>
    Object.entries(group).reduce((sum, [name, list]) => sum + (name.startsWith(`127.0.0.1:${port}:`) ? (list?.length ?? 0) : 0), 0);
  return count(agent.sockets) + count(agent.freeSockets);
}

function processListeners(): Record<string, number> {
  return Object.fromEntries(realProcess.eventNames().map((name) => [String(name), realProcess.listenerCount(name)]));
}

/** A scenario for one cycle: endless, short, with a slow answer in flight, or with a throttled poll. */
function drawScenario(d: Dice): Scenario {
  return d.pick<Scenario>([
    { runningPolls: ENDLESS },
    { runningPolls: d.int(0, 3) },
    { runningPolls: ENDLESS, faults: [{ at: d.int(1, 3), kind: 'slow', delayMs: d.int(5, 40) }] },
    { runningPolls: ENDLESS, faults: [{ at: d.int(1, 2), kind: '503', retryAfter: 0 }] },
    { runningPolls: ENDLESS, retryAfter: 1 },
  ]);
}

/** Resolves after `ms` with a plain timer of the test (not the library's). */
const after = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Subscribes, then leaves after `leaveAfterMs` or at the k-th update (whichever comes first),
 * or when the stream ends by itself.
 */
function cycle(stream: Observable<AsyncOpUpdate>, leaveAfterMs: number, leaveAtUpdate: number): Promise<void> {
  return new Promise<void>((resolve) => {
    let seen = 0;
    let done = false;
    // Created first: leaving during subscribe() (a synchronous answer) closes it, and a closed
    // Subscription unsubscribes whatever is added to it at once.
    const subscription = new Subscription();
    const leave = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      subscription.unsubscribe();
      resolve();
    };
    const timer = setTimeout(leave, leaveAfterMs);
    subscription.add(
      stream.subscribe({
        next: () => {
          seen += 1;
          if (seen >= leaveAtUpdate) leave();
        },
        error: leave,
        complete: leave,
      }),
    );
  });
}

describe('leaks: subscribe/unsubscribe cycles at random points of the poll loop', () => {
  let server: MockODataServer;
  let port: string;
  const ownAgent = new Agent({ keepAlive: true });
  beforeAll(async () => {
    server = await startMockODataServer();
    port = new URL(server.origin).port;
  });
  afterAll(async () => {
    ownAgent.destroy();
    await server.close();
  });

  function clientFor(d: Dice, scenario: Scenario, extra: { cancelOnUnsubscribe?: boolean } = {}): { client: ODataClient; cancel: boolean } {
    // Half the clients use axios's default (http.globalAgent), half an axios instance on an agent of their own.
    const instance = d.chance(0.5) ? axios.create() : axios.create({ httpAgent: ownAgent });
    const client = createODataClient({ serviceRoot: server.v4Root, axios: instance, headers: { 'X-Mock-Scenario-Json': JSON.stringify(scenario) } });
    return { client, cancel: extra.cancelOnUnsubscribe ?? false };
  }

  it(`leaves no timer, socket or listener behind after ${HTTP_CYCLES} cycles over HTTP`, async () => {
    const d = dice(mulberry32(SEED));
    const trap = trapUnhandled();
    // The baseline: nothing has talked to this server yet. Sockets of an earlier test file in
    // this worker may still be closing: give them a moment, then counts may only go down from
    // here, and anything above the baseline is ours.
    await until(() => (activeResources()['TCPSocketWrap'] ?? 0) === 0, 'the sockets of earlier test files to close').catch(() => undefined);
    const before = activeResources();
    const listenersBefore = processListeners();
    const signals: AbortSignal[] = [];
    const kinds = { asyncOp: 0, cancelOnUnsubscribe: 0, sharedStatus: 0, waitAborted: 0 };

    const plans = Array.from({ length: HTTP_CYCLES }, () => ({
      kind: d.weighted([
        ['asyncOp', 4],
        ['cancel', 1],
        ['shared', 3],
        ['wait', 2],
      ] as const),
      scenario: drawScenario(d),
      leaveAfterMs: d.int(0, 40),
      leaveAtUpdate: d.int(1, 4),
      pollInterval: d.int(0, 5),
      seed: d.int(0, 2 ** 31),
    }));
    try {
      await pool(plans, 10, async (plan) => {
        const local = dice(mulberry32(plan.seed));
        const { client } = clientFor(local, plan.scenario);
        const call = client.action('SalesReportGenerate').parameter('Year', 2024).execute();
        const options = { pollInterval: plan.pollInterval, maxRetryAfter: 3, maxPolls: Infinity };
        switch (plan.kind) {
          case 'asyncOp':
            kinds.asyncOp += 1;
            await cycle(call.pipe(asyncOp$(client, options)), plan.leaveAfterMs, plan.leaveAtUpdate);
            return;
          case 'cancel':
            kinds.cancelOnUnsubscribe += 1;
            await cycle(call.pipe(asyncOp$(client, { ...options, cancelOnUnsubscribe: true })), plan.leaveAfterMs, plan.leaveAtUpdate);
            return;
          case 'shared': {
            kinds.sharedStatus += 1;
            const started = await lastValueFrom(call);
            const poller = createAsyncPoller(client, started.location() ?? '', options);
            // Two to three subscribers come and go at their own random points; the loop restarts when one returns.
            await Promise.all(
              Array.from({ length: local.int(2, 3) }, async () => {
                await after(local.int(0, 10));
                await cycle(poller.status$, local.int(0, 30), local.int(1, 3));
              }),
            );
            return;
          }
          case 'wait': {
            kinds.waitAborted += 1;
            const started = await lastValueFrom(call);
            const poller = createAsyncPoller(client, started.location() ?? '', options);
            const controller = new AbortController();
            signals.push(controller.signal);
            const waiting = poller.wait({ signal: controller.signal }).catch(() => undefined);
            await after(plan.leaveAfterMs);
            controller.abort();
            await waiting;
          }
        }
      });

      // Settle: every request answered or abandoned (a DELETE of cancelOnUnsubscribe may still be out),
      // every socket back in a pool or closed, every timer gone.
      await until(
        () => server.requests.every((r) => r.status !== undefined || r.aborted === true || r.fault === 'reset'),
        'every request to be answered or abandoned',
      );
      await until(() => {
        const own = agentSockets(ownAgent);
        const global = agentSockets(globalAgent);
        return own.busy + own.queued + global.busy + global.queued === 0;
      }, 'every agent socket to be idle');
      const poolSockets = () => socketsTo(ownAgent, port) + socketsTo(globalAgent, port);
      const count = (type: string) => activeResources()[type] ?? 0;
      await until(() => count('Timeout') <= (before['Timeout'] ?? 0), 'the timers to be back to the baseline');
      // Each idle keep-alive connection is two sockets in this process: the client's, in a pool, and the server's.
      await until(() => count('TCPSocketWrap') <= (before['TCPSocketWrap'] ?? 0) + 2 * poolSockets(), 'only pooled keep-alive sockets to stay open');
      const settled = activeResources();
      const pooled = poolSockets();

      // Dropping the pools closes everything: no socket was held anywhere else.
      ownAgent.destroy();
      for (const [name, sockets] of Object.entries(globalAgent.freeSockets)) {
        if (name.startsWith(`127.0.0.1:${port}:`)) for (const socket of sockets ?? []) socket.destroy();
      }
      const withinBaseline = () => Object.entries(activeResources()).every(([type, n]) => n <= (before[type] ?? 0));
      await until(withinBaseline, 'every handle to close once the pools are dropped');

      console.log(
        `leak cycles over HTTP: ${HTTP_CYCLES} (${Object.entries(kinds)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}), ` +
          `${server.requests.length} requests; handles before ${JSON.stringify(before)}, after settling ${JSON.stringify(settled)} ` +
          `(${pooled} idle keep-alive connection(s)), after dropping the pools ${JSON.stringify(activeResources())}`,
      );
      expect(withinBaseline()).toBe(true);
      expect(processListeners()).toEqual(listenersBefore);
      expect(signals.map((signal) => getEventListeners(signal, 'abort').length)).toEqual(signals.map(() => 0));
      expect(trap.errors).toEqual([]);
    } finally {
      trap.restore();
    }
  }, 60_000);

  it('keeps the heap roughly flat over 1,800 in-memory cycles (virtual time, collector exposed)', () => {
    const gc = exposeGc();
    const d = dice(mulberry32(SEED + 1));
    const monitor = 'https://host.example/odata/$monitor/1';
    const runCycles = (count: number): void => {
      for (let i = 0; i < count; i += 1) {
        const scheduler = new VirtualTimeScheduler();
        const latency = d.int(0, 3);
        // Each poll answers Running after `latency` virtual ms; some are throttled (503 + Retry-After) first.
        const { transport, inFlight } = memoryTransport((request, seq) => {
          if (request.method === 'POST') return reply(202, '', { location: monitor, 'retry-after': '0' });
          const answer =
            seq % 5 === 3 ? reply(503, '', { 'retry-after': '1' }) : reply(202, { status: 'Running', percentComplete: seq }, { location: monitor });
          return latency === 0 ? answer : { delayMs: latency, then: answer };
        }, scheduler);
        const client = createODataClient({ serviceRoot: 'https://host.example/odata/', transport, csrf: 'never' });
        const options = { pollInterval: d.int(1, 4), maxPolls: Infinity, maxRetryAfter: 2, scheduler };
        const leaveAt = d.int(0, 20);
        if (d.chance(0.5)) {
          const subscription = client
            .action('Run')
            .execute()
            .pipe(asyncOp$(client, options))
            .subscribe({ error: () => undefined });
          scheduler.schedule(() => {
            subscription.unsubscribe();
          }, leaveAt);
        } else {
          const poller = createAsyncPoller(client, monitor, options);
          const first = poller.status$.subscribe({ error: () => undefined });
          const second = poller.status$.subscribe({ error: () => undefined });
          scheduler.schedule(() => {
            first.unsubscribe();
          }, leaveAt);
          scheduler.schedule(
            () => {
              second.unsubscribe();
            },
            leaveAt + d.int(0, 10),
          );
        }
        scheduler.flush();
        if (inFlight() !== 0) throw new Error(`cycle ${i}: ${inFlight()} request(s) still in flight after unsubscribe`);
      }
    };
    runCycles(500); // warm-up: JIT (compiled code counts in heapUsed), caches
    gc();
    const samples = [process.memoryUsage().heapUsed];
    for (let round = 0; round < 3; round += 1) {
      runCycles(600);
      gc();
      samples.push(process.memoryUsage().heapUsed);
    }
    const growth = (samples[3] ?? 0) - (samples[0] ?? 0);
    console.log(
      `heap over 1,800 in-memory cycles (after gc, per 600): ${samples.map((b) => `${(b / 1024 / 1024).toFixed(2)} MiB`).join(' → ')}; ` +
        `${(growth / 1800).toFixed(1)} bytes per cycle (bench/leak-cycles.ts runs 100,000)`,
    );
    // One cycle holds a client, a poll loop, its subscribers, timers and updates: several KiB.
    // Leaking them would show as well over 1 KiB per cycle; JIT and coverage noise stay under it.
    expect(growth / 1800).toBeLessThan(1024);
  });
});
