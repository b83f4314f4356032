// Benchmark 3: status requests against detection delay, for operations of random length:
// a fixed interval, the server's Retry-After, and exponential backoff.
import axios from 'axios';
import { last, lastValueFrom } from 'rxjs';
import type { AsyncOpOptions } from '../lib/index.js';
import { builtLibrary } from './built-lib.js';
import type { BenchReport } from './report.js';
import { startChildServer } from './server.js';
import { fixed, mean, median, percentile, seededRandom, table } from './stats.js';

export interface DetectionDelayOptions {
  /** Operations per strategy (the same durations for each). @default 60 */
  readonly operations: number;
  /** Shortest and longest operation, ms (uniform, seeded). @default 1000, 15000 */
  readonly minMs: number;
  readonly maxMs: number;
  /** PRNG seed of the durations. @default 20240131 */
  readonly seed: number;
  /** The fixed interval, ms. @default 2000 (the library's default, not scaled down) */
  readonly fixedMs: number;
}

export const DETECTION_DEFAULTS: DetectionDelayOptions = { operations: 60, minMs: 1000, maxMs: 15_000, seed: 20240131, fixedMs: 2000 };

/** First wait of the backoff, its growth and its cap. */
const BACKOFF = { firstMs: 500, factor: 1.5, capMs: 8000 } as const;

interface Strategy {
  readonly name: string;
  readonly options: AsyncOpOptions;
  /** The scenario of one operation, sent with its action request. */
  readonly scenario: (durationMs: number) => Record<string, unknown>;
}

interface Outcome {
  readonly strategy: string;
  readonly durationMs: number;
  readonly location: string;
  readonly terminalAt: number;
}

function strategies(options: DetectionDelayOptions): Strategy[] {
  return [
    { name: `fixed ${options.fixedMs / 1000} s interval`, options: { pollInterval: options.fixedMs, maxPolls: 1000 }, scenario: (d) => ({ runFor: d }) },
    {
      name: 'Retry-After (server: remaining time, whole s)',
      // The server knows the operation's length and says so on the 202 (rounded up to whole
      // seconds, the header's unit); pollInterval only applies when a Retry-After is missing.
      options: { pollInterval: options.fixedMs, maxPolls: 1000 },
      scenario: (d) => ({ runFor: d, retryAfter: Math.ceil(d / 1000) }),
    },
    {
      name: `backoff ${BACKOFF.firstMs} ms × ${BACKOFF.factor}ⁿ, cap ${BACKOFF.capMs / 1000} s`,
      options: { pollInterval: (poll: number) => Math.min(BACKOFF.firstMs * BACKOFF.factor ** (poll - 1), BACKOFF.capMs), maxPolls: 1000 },
      scenario: (d) => ({ runFor: d }),
    },
  ];
}

export async function runDetectionDelay(options: DetectionDelayOptions = DETECTION_DEFAULTS): Promise<BenchReport> {
  const { asyncOp$, createODataClient } = builtLibrary();
  const random = seededRandom(options.seed);
  const durations = Array.from({ length: options.operations }, () => Math.round(options.minMs + random() * (options.maxMs - options.minMs)));
  const server = await startChildServer();
  const ax = axios.create();
  try {
    const started = performance.now();
    // The strategies run side by side (a light load: a few requests per second), each operation
    // with its own scenario in X-Mock-Scenario-Json.
    const runs = strategies(options).flatMap((strategy) => {
      const client = createODataClient({ serviceRoot: server.v4Root, axios: ax });
      return durations.map(async (durationMs): Promise<Outcome> => {
        const update = await lastValueFrom(
          client
            .request({
              method: 'POST',
              path: 'SalesReportGenerate',
              body: { Year: 2024 },
              headers: { 'X-Mock-Scenario-Json': JSON.stringify(strategy.scenario(durationMs)) },
            })
            .pipe(asyncOp$(client, strategy.options), last()),
        );
        if (update.status !== 'Succeeded') throw new Error(`${strategy.name}: ended ${update.status}`);
        return { strategy: strategy.name, durationMs, location: update.location, terminalAt: Date.now() };
      });
    });
    const outcomes = await Promise.all(runs);
    const wallMs = performance.now() - started;

    const byMonitor = new Map((await server.operations()).map((op) => [op.monitorUrl, op]));
    const rows = strategies(options).map((strategy) => {
      const mine = outcomes.filter((o) => o.strategy === strategy.name);
      const delays: number[] = [];
      const polls: number[] = [];
      for (const o of mine) {
        const op = byMonitor.get(o.location);
        if (op === undefined) throw new Error(`no server operation for ${o.location}`);
        // The server's completion: created + runFor (its state flips when next polled).
        delays.push(o.terminalAt - (op.createdAt + o.durationMs));
        polls.push(op.polls);
      }
      return { name: strategy.name, polls, delays };
    });
    const fixedRow = rows[0];
    return {
      title: '3. Status requests vs detection delay (random operation lengths)',
      setup:
        `${options.operations} operations per strategy, lengths uniform in ${options.minMs / 1000}–${options.maxMs / 1000} s (mulberry32, seed ${options.seed}; ` +
        `mean ${fixed(mean(durations) / 1000, 2)} s), the same lengths for every strategy, all run side by side against one server (child process). ` +
        "Detection delay: the client's terminal update (Date.now()) minus the server's completion time (the operation's createdAt + its runFor). " +
        `The fixed interval is the real ${options.fixedMs / 1000} s, not scaled down: Retry-After has whole-second resolution, ` +
        `so a 10× scale would break it; the whole benchmark takes about ${Math.ceil(options.maxMs / 1000) + 3} s.`,
      table: table(
        ['strategy', 'status GETs / op (mean)', 'max', 'delay mean ms', 'p50 ms', 'p95 ms', 'max ms'],
        rows.map((r) => [
          r.name,
          fixed(mean(r.polls), 2),
          Math.max(...r.polls),
          fixed(mean(r.delays), 0),
          fixed(median(r.delays), 0),
          fixed(percentile(r.delays, 95), 0),
          fixed(Math.max(...r.delays), 0),
        ]),
      ),
      notes: [
        ...rows
          .slice(1)
          .map(
            (r) =>
              `${r.name} vs ${fixedRow?.name ?? 'fixed'}: ${fixed(mean(r.polls) / mean(fixedRow?.polls ?? [1]), 2)}× the requests, ` +
              `${fixed(mean(r.delays) / mean(fixedRow?.delays ?? [1]), 2)}× the mean delay.`,
          ),
        'Every operation also sent one POST (not counted above). The Retry-After row is the best case: this server knows each length exactly; ' +
          'a server that guesses short sends the client back sooner (more requests), one that guesses long delays detection.',
        `Wall time ${fixed(wallMs / 1000, 1)} s; every operation ended Succeeded.`,
      ],
      met: true,
    };
  } finally {
    await server.close();
  }
}
