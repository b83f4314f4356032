/**
 * A batch that outlives its process (`tsx stories/batch/track-jobs.ts --service <v4 root> --state <dir>`):
 * starts `--count` sales reports (one per region job-1 … job-N) and waits for all of them,
 * with an operation tracker kept in files (`fileStorage`). Killed at any moment and started
 * again with the same `--state`, it resumes every unfinished operation where it was (poll count
 * and deadline carried on) and starts only the jobs it had not started: none twice, none lost.
 *
 * The one moment a restart cannot judge is a kill between the server accepting a start and the
 * tracker's write of it (a few ms per start): only the service can close that gap, with an
 * idempotency key. So the script starts every job first, and only then waits.
 */
import * as t from 'io-ts';
import { filter, firstValueFrom, from, lastValueFrom, map, mergeMap, tap, toArray } from 'rxjs';
import { parseArgs } from 'node:util';
import { createODataClient, createOperationTracker, type TrackedOperation } from 'rxjs-odata-async';
import { fileStorage } from 'rxjs-odata-async/node';

/** What each tracked operation carries: the job it stands for. */
const JobMeta = t.type({ job: t.string });
type JobMeta = t.TypeOf<typeof JobMeta>;

/** Starts at most this many calls at once. */
const START_CONCURRENCY = 10;

function readArgs(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      service: { type: 'string' },
      state: { type: 'string' },
      count: { type: 'string', default: '100' },
      'poll-interval': { type: 'string', default: '1000' },
    },
  });
  const count = Number(values.count);
  const pollInterval = Number(values['poll-interval']);
  if (values.service === undefined || values.state === undefined) throw new Error('--service <v4 root> and --state <dir> are required');
  if (!Number.isInteger(count) || count < 1) throw new Error('--count must be a positive integer');
  if (!Number.isInteger(pollInterval) || pollInterval < 1) throw new Error('--poll-interval must be a positive integer (ms)');
  return { service: values.service, state: values.state, count, pollInterval };
}

async function main(): Promise<number> {
  const args = readArgs(process.argv.slice(2));
  const client = createODataClient({ serviceRoot: args.service });
  const tracker = createOperationTracker(client, {
    storage: fileStorage(args.state),
    meta: JobMeta,
    pollOptions: { pollInterval: args.pollInterval, maxPolls: 1000 },
    onWarning: (warning) => {
      console.error(`warning: ${warning.message}`);
    },
  });
  const jobOf = (op: TrackedOperation<JobMeta>) => op.meta?.job ?? '';

  const restored = await firstValueFrom(tracker.operations$);
  console.log(`restored ${restored.length} (${restored.filter((op) => !op.done).length} unfinished)`);
  const known = new Set(restored.map(jobOf));
  const missing = Array.from({ length: args.count }, (_, i) => `job-${i + 1}`).filter((job) => !known.has(job));

  // Each start is on disk (track) before its line is printed.
  await lastValueFrom(
    from(missing).pipe(
      mergeMap(
        (job) =>
          client
            .action('SalesReportGenerate')
            .parameters({ Year: 2024, Region: job })
            .execute()
            .pipe(
              map((result) => tracker.track(result, { job })),
              tap(() => {
                console.log(`started ${job}`);
              }),
            ),
        START_CONCURRENCY,
      ),
      toArray(),
    ),
  );
  console.log(`tracking ${args.count} operations`);

  const reported = new Set(restored.filter((op) => op.done).map((op) => op.id));
  const all = await firstValueFrom(
    tracker.operations$.pipe(
      tap((ops) => {
        for (const op of ops) {
          if (!op.done || reported.has(op.id)) continue;
          reported.add(op.id);
          console.log(`finished ${jobOf(op)} ${op.state} after ${op.poll} polls`);
        }
      }),
      filter((ops) => ops.length >= args.count && ops.every((op) => op.done)),
    ),
  );
  tracker.close();
  const succeeded = all.filter((op) => op.state === 'Succeeded').length;
  console.log(`all ${all.length} finished: ${succeeded} succeeded`);
  return succeeded === all.length ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
