import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const projectRoot = resolve(__dirname, '../..');

/** A consumer script: the embedded server from `rxjs-odata-async/testing`, one operation polled to its end. */
const script = (imports: string) => `${imports}
(async () => {
  const server = await startMockODataServer({ defaultScenario: { runningPolls: 1 } });
  try {
    const client = createODataClient({ serviceRoot: server.v4Root });
    const call = client.action('SalesReportGenerate').parameter('Year', 2024).execute();
    await new Promise((done, fail) =>
      call.pipe(asyncOp$(client, { pollInterval: 1 })).subscribe({ next: (u) => console.log(u.status + '/' + u.poll), error: fail, complete: done }),
    );
  } finally {
    await server.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
`;

/** A Node consumer of the tracker: `fileStorage` from `rxjs-odata-async/node`, one operation tracked to its end. */
const trackerScript = (imports: string) => `${imports}
(async () => {
  const server = await startMockODataServer({ defaultScenario: { runningPolls: 1 } });
  try {
    const client = createODataClient({ serviceRoot: server.v4Root });
    const tracker = createOperationTracker(client, { storage: fileStorage(process.argv[2]), pollOptions: { pollInterval: 1 } });
    const result = await new Promise((done, fail) => client.action('SalesReportGenerate').parameter('Year', 2024).execute().subscribe({ next: done, error: fail }));
    tracker.track(result, { job: 'a' });
    await new Promise((done) => tracker.operations$.subscribe((ops) => { if (ops.every((op) => op.done)) done(); }));
    const [op] = await new Promise((done) => tracker.operations$.subscribe(done));
    console.log(op.state + '/' + op.poll + ' ' + JSON.stringify(op.meta) + ' ' + require('node:fs').readdirSync(process.argv[2]).length + ' file');
    tracker.close();
  } finally {
    await server.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe('the built package, imported by name', () => {
  let consumer: string;

  beforeAll(async () => {
    await run(process.execPath, ['scripts/build.mjs'], { cwd: projectRoot });
    consumer = mkdtempSync(join(tmpdir(), 'rxjs-odata-async-consumer-'));
    mkdirSync(join(consumer, 'node_modules'));
    // The package as an installed dependency: resolved by name through its exports map, peers beside it.
    symlinkSync(projectRoot, join(consumer, 'node_modules', 'rxjs-odata-async'), 'dir');
    for (const peer of ['rxjs', 'axios', 'io-ts', 'fp-ts', 'tough-cookie']) {
      symlinkSync(join(projectRoot, 'node_modules', peer), join(consumer, 'node_modules', peer), 'dir');
    }
    writeFileSync(
      join(consumer, 'poll.mjs'),
      script("import { asyncOp$, createODataClient } from 'rxjs-odata-async';\nimport { startMockODataServer } from 'rxjs-odata-async/testing';"),
    );
    writeFileSync(
      join(consumer, 'track.mjs'),
      trackerScript(
        "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nimport { createODataClient, createOperationTracker } from 'rxjs-odata-async';\nimport { fileStorage } from 'rxjs-odata-async/node';\nimport { startMockODataServer } from 'rxjs-odata-async/testing';",
      ),
    );
    writeFileSync(
      join(consumer, 'track.cjs'),
      trackerScript(
        "const { createODataClient, createOperationTracker } = require('rxjs-odata-async');\nconst { fileStorage } = require('rxjs-odata-async/node');\nconst { startMockODataServer } = require('rxjs-odata-async/testing');",
      ),
    );
    writeFileSync(
      join(consumer, 'poll.cjs'),
      script("const { asyncOp$, createODataClient } = require('rxjs-odata-async');\nconst { startMockODataServer } = require('rxjs-odata-async/testing');"),
    );
  }, 120_000);

  afterAll(() => {
    rmSync(consumer, { recursive: true, force: true });
  });

  it.each([
    ['dist/esm', 'module'],
    ['dist/cjs', 'commonjs'],
  ])('%s/package.json names its module type and no side effects, which bundlers read from the nearest package.json', (folder, type) => {
    expect(JSON.parse(readFileSync(join(projectRoot, folder, 'package.json'), 'utf8'))).toEqual({ type, sideEffects: false });
  });

  it.each(['poll.mjs', 'poll.cjs'])(
    '%s imports the root and ./testing and polls an operation to Succeeded',
    async (file) => {
      const { stdout } = await run(process.execPath, [file], { cwd: consumer });
      expect(stdout.trim().split('\n')).toEqual(['Running/0', 'Running/1', 'Succeeded/2']);
    },
    30_000,
  );

  it.each(['track.mjs', 'track.cjs'])(
    '%s imports ./node and tracks an operation in files to Succeeded',
    async (file) => {
      const { stdout } = await run(process.execPath, [file, join(consumer, `state-${file}`)], { cwd: consumer });
      expect(stdout.trim()).toBe('Succeeded/2 {"job":"a"} 1 file');
    },
    30_000,
  );
});
