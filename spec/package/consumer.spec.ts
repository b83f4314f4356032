import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const projectRoot = resolve(__dirname, '../..');

/** A service whose action answers 202 and whose monitor says Succeeded on the second poll. */
function startService(): Promise<{ server: Server; root: string }> {
  const polls = new Map<string, number>();
  const server = createServer((req, res) => {
    const monitor = /^\/odata\/\$monitor\/(\d+)$/.exec(req.url ?? '');
    if (req.method === 'POST' && req.url === '/odata/Run') {
      const id = String(polls.size + 1);
      polls.set(id, 0);
      res.writeHead(202, { Location: `/odata/$monitor/${id}`, 'Retry-After': '0' }).end();
    } else if (req.method === 'GET' && monitor?.[1] !== undefined && polls.has(monitor[1])) {
      const count = (polls.get(monitor[1]) ?? 0) + 1;
      polls.set(monitor[1], count);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: count < 2 ? 'Running' : 'Succeeded' }));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ server, root: `http://127.0.0.1:${(server.address() as AddressInfo).port}/odata/` })));
}

const script = (importLine: string) => `${importLine}
const client = createODataClient({ serviceRoot: process.argv[2], csrf: 'never' });
client.action('Run').execute().pipe(asyncOp$(client, { pollInterval: 1 })).subscribe({
  next: (u) => console.log(u.status + '/' + u.poll),
  error: (e) => { console.error(e); process.exit(1); },
});
`;

describe('the built package, imported by name', () => {
  let consumer: string;
  let service: { server: Server; root: string };

  beforeAll(async () => {
    await run(process.execPath, ['scripts/build.mjs'], { cwd: projectRoot });
    consumer = mkdtempSync(join(tmpdir(), 'rxjs-odata-async-consumer-'));
    mkdirSync(join(consumer, 'node_modules'));
    // The package as an installed dependency: its own folder, resolved by name, with its peers beside it.
    symlinkSync(projectRoot, join(consumer, 'node_modules', 'rxjs-odata-async'), 'dir');
    for (const peer of ['rxjs', 'axios', 'io-ts', 'fp-ts', 'tough-cookie']) {
      symlinkSync(join(projectRoot, 'node_modules', peer), join(consumer, 'node_modules', peer), 'dir');
    }
    writeFileSync(join(consumer, 'poll.mjs'), script("import { asyncOp$, createODataClient } from 'rxjs-odata-async';"));
    writeFileSync(join(consumer, 'poll.cjs'), script("const { asyncOp$, createODataClient } = require('rxjs-odata-async');"));
    service = await startService();
  }, 120_000);

  afterAll(async () => {
    await new Promise((done) => service.server.close(done));
    rmSync(consumer, { recursive: true, force: true });
  });

  it.each(['poll.mjs', 'poll.cjs'])('%s polls a local service to Succeeded', async (file) => {
    const { stdout } = await run(process.execPath, [file, service.root], { cwd: consumer });
    expect(stdout.trim().split('\n')).toEqual(['Running/0', 'Running/1', 'Succeeded/2']);
  }, 30_000);
});
