// What one waiting asyncOp$ operation keeps alive: starts `count` operations (every 202
// received, none polled yet), takes a heap snapshot before and after, and prints the growth per
// operation by kind (bench/heap-summary.ts). The breakdown behind benchmark 2's figure.
//   node --expose-gc --import tsx bench/heap-per-operation.ts [count=2000] [top=25]
import axios from 'axios';
import { mkdirSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeHeapSnapshot } from 'node:v8';
import type { Subscription } from 'rxjs';
import { builtLibrary } from './built-lib.js';
import { groupHeap } from './heap-summary.js';
import { ROOT } from './paths.js';
import { startChildServer } from './server.js';

const count = Number(process.argv[2] ?? 2000);
const top = Number(process.argv[3] ?? 25);
const exposedGc = (globalThis as { gc?: () => void }).gc;
if (exposedGc === undefined) throw new Error('run with node --expose-gc');
const gc: () => void = exposedGc;

async function main(): Promise<void> {
  const server = await startChildServer();
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const { asyncOp$, createODataClient } = builtLibrary();
  // Each operation runs for a minute on the server and is polled once a minute: all wait at once.
  const client = createODataClient({
    serviceRoot: server.v4Root,
    axios: axios.create({ httpAgent: agent }),
    headers: { 'X-Mock-Scenario-Json': JSON.stringify({ runFor: 60_000 }) },
  });
  let accepted = 0;
  const subscriptions: Subscription[] = [];
  const start = (n: number) => {
    for (let i = 0; i < n; i++) {
      const op$ = client
        .action('SalesReportGenerate')
        .parameter('Year', 2024)
        .execute()
        .pipe(asyncOp$(client, { pollInterval: 60_000 }));
      subscriptions.push(
        op$.subscribe({
          next: (update) => {
            if (update.poll === 0) accepted += 1;
          },
          error: (error: unknown) => {
            console.error(error);
          },
        }),
      );
    }
  };
  const settle = async (expected: number) => {
    while (accepted < expected) await sleep(50);
    await sleep(300);
    gc();
    gc();
  };

  const dir = join(ROOT, '.tmp');
  mkdirSync(dir, { recursive: true });
  // A first batch warms up every code path and lazy module, so the difference is operations only.
  start(50);
  await settle(50);
  const before = writeHeapSnapshot(join(dir, 'heap-before.heapsnapshot'));
  const heapBefore = process.memoryUsage().heapUsed;
  start(count);
  await settle(50 + count);
  const heapAfter = process.memoryUsage().heapUsed;
  const after = writeHeapSnapshot(join(dir, 'heap-after.heapsnapshot'));

  console.log(`${count} waiting operations: heap per operation ${((heapAfter - heapBefore) / count / 1024).toFixed(2)} KiB (heapUsed after gc)`);
  console.log('bytes/op  count/op  kind (growth per operation between the two snapshots)');
  const was = groupHeap(before);
  const rows = [...groupHeap(after)]
    .map(([key, now]) => ({ key, count: (now.count - (was.get(key)?.count ?? 0)) / count, bytes: (now.bytes - (was.get(key)?.bytes ?? 0)) / count }))
    .filter((row) => row.bytes >= 4)
    .sort((a, b) => b.bytes - a.bytes);
  for (const row of rows.slice(0, top)) console.log(`${row.bytes.toFixed(0).padStart(8)}  ${row.count.toFixed(2).padStart(8)}  ${row.key}`);

  for (const subscription of subscriptions) subscription.unsubscribe();
  agent.destroy();
  await server.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
