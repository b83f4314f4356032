/**
 * The batch story (stories/batch/track-jobs.ts) as a child process against the embedded server in
 * this process: killed with SIGKILL in the middle of its run, started again on the same state
 * directory, it finishes every one of its 100 operations, none started twice, none polled anew.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startMockODataServer, type MockODataServer } from 'rxjs-odata-async/testing';

const projectRoot = resolve(__dirname, '../..');
/**
 * tsx as a loader in the story's own process: its CLI runs the script in a child process, which
 * outlives a SIGKILL sent to the CLI (the "killed" batch would go on and finish every job).
 */
const TSX_LOADER = ['--import', 'tsx'];
const COUNT = 100;
/** Status requests per operation: 3 answered Running, the 4th Succeeded. */
const RUNNING_POLLS = 3;
const POLL_INTERVAL = 150;

interface Run {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runStory(server: MockODataServer, state: string): Run {
  const child = spawn(
    process.execPath,
    [
      ...TSX_LOADER,
      join('stories', 'batch', 'track-jobs.ts'),
      '--service',
      server.v4Root,
      '--state',
      state,
      '--count',
      String(COUNT),
      '--poll-interval',
      String(POLL_INTERVAL),
    ],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const run: Run = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((done) => {
      child.on('exit', (code, signal) => {
        done({ code, signal });
      });
    }),
  };
  child.stdout?.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  return run;
}

/** Resolves when `condition` holds, checked on every line the child prints and every 20 ms. */
function until(run: Run, what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  return new Promise((done, fail) => {
    const check = (): boolean => {
      if (!condition()) return false;
      clearInterval(timer);
      clearTimeout(deadline);
      run.child.stdout?.off('data', check);
      done();
      return true;
    };
    const timer = setInterval(check, 20);
    const deadline = setTimeout(() => {
      clearInterval(timer);
      fail(new Error(`timed out waiting until ${what}; stdout: ${run.stdout.slice(-500)}; stderr: ${run.stderr}`));
    }, timeoutMs);
    run.child.stdout?.on('data', check);
    check();
  });
}

const lines = (text: string, start: string) => text.split('\n').filter((line) => line.startsWith(start));

describe('batch story: 100 operations tracked in files, SIGKILL, restart', () => {
  let server: MockODataServer;
  let state: string;

  beforeAll(async () => {
    server = await startMockODataServer({ defaultScenario: { runningPolls: RUNNING_POLLS } });
    state = mkdtempSync(join(tmpdir(), 'track-jobs-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(state, { recursive: true, force: true });
  });

  it('finishes all 100 after a kill mid-run: none lost, none started twice, polls carried on', async () => {
    const monitorGets = () => server.requestsTo((r) => r.method === 'GET' && r.url.includes('/$monitor/')).length;
    const first = runStory(server, state);
    // Mid-run: every job started (and on disk), about a third of the status requests sent.
    await until(
      first,
      'a third of the polls went out',
      () => first.stdout.includes(`tracking ${COUNT} operations`) && monitorGets() >= (COUNT * (RUNNING_POLLS + 1)) / 3,
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const unfinishedAtKill = server.operations().filter((op) => op.state === 'Running').length;
    expect(unfinishedAtKill).toBeGreaterThan(0);
    expect(lines(first.stdout, 'started ')).toHaveLength(COUNT);

    const second = runStory(server, state);
    const { code } = await second.exited;
    expect([code, second.stderr]).toEqual([0, '']);
    const [restored] = lines(second.stdout, 'restored ');
    expect(restored).toMatch(new RegExp(`^restored ${COUNT} \\((\\d+) unfinished\\)$`));
    expect(Number(/\((\d+) unfinished/.exec(restored ?? '')?.[1])).toBeGreaterThan(0);
    expect(lines(second.stdout, 'started ')).toEqual([]);
    expect(second.stdout).toContain(`all ${COUNT} finished: ${COUNT} succeeded`);

    // None lost: every job finished, in one run or the other.
    const finished = [...lines(first.stdout, 'finished '), ...lines(second.stdout, 'finished ')].map((line) => line.split(' ')[1]);
    expect(new Set(finished).size).toBe(COUNT);
    // None started twice: one POST per job on the server.
    const posts = server.requestsTo((r) => r.method === 'POST' && r.url.endsWith('/SalesReportGenerate'));
    const regions = posts.map((r) => (JSON.parse(r.body) as { Region: string }).Region);
    expect([posts.length, new Set(regions).size]).toEqual([COUNT, COUNT]);
    // Polls carried on: no operation was polled from the start again. A poll in flight at the
    // kill may have been answered to nobody: at most one extra status request each.
    const ops = server.operations();
    expect(ops.every((op) => op.state === 'Succeeded')).toBe(true);
    for (const op of ops) expect(op.polls).toBeGreaterThanOrEqual(RUNNING_POLLS + 1);
    for (const op of ops) expect(op.polls).toBeLessThanOrEqual(RUNNING_POLLS + 2);
  }, 120_000);
});
