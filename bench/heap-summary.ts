// Compares two V8 heap snapshots (v8.writeHeapSnapshot): which kinds of objects grew, by
// constructor / node name, count and self size. Used to find what an in-flight operation keeps.
//   node --import tsx bench/heap-summary.ts <before.heapsnapshot> <after.heapsnapshot> [per=1] [top=30]
// `per` divides the differences (e.g. by the number of operations started in between).
import { readFileSync } from 'node:fs';

interface Snapshot {
  readonly snapshot: { readonly meta: { readonly node_fields: readonly string[]; readonly node_types: readonly (readonly string[] | string)[] } };
  readonly nodes: readonly number[];
  readonly strings: readonly string[];
}

export interface HeapGroup {
  readonly key: string;
  readonly count: number;
  readonly bytes: number;
}

/** Self size and count per `type:name` (closures by function name, objects by constructor, …). */
export function groupHeap(path: string): Map<string, { count: number; bytes: number }> {
  const snap = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = Array.isArray(types) ? String(types[snap.nodes[i + typeAt] ?? 0]) : 'node';
    const rawName = snap.strings[snap.nodes[i + nameAt] ?? 0] ?? '';
    // Strings and numbers by type only: their "names" are their values.
    const name = type === 'string' || type === 'number' || type === 'concatenated string' || type === 'sliced string' ? '' : rawName.slice(0, 60);
    const key = `${type}:${name}`;
    const group = groups.get(key) ?? { count: 0, bytes: 0 };
    group.count += 1;
    group.bytes += snap.nodes[i + sizeAt] ?? 0;
    groups.set(key, group);
  }
  return groups;
}

/** The groups that grew from `before` to `after`, largest growth first. */
export function heapGrowth(before: string, after: string): HeapGroup[] {
  const a = groupHeap(before);
  const b = groupHeap(after);
  return [...b.entries()]
    .map(([key, g]) => ({ key, count: g.count - (a.get(key)?.count ?? 0), bytes: g.bytes - (a.get(key)?.bytes ?? 0) }))
    .filter((g) => g.bytes > 0)
    .sort((x, y) => y.bytes - x.bytes);
}

function main(): void {
  const [before, after, perText, topText] = process.argv.slice(2);
  if (before === undefined || after === undefined) {
    console.error('usage: node --import tsx bench/heap-summary.ts <before.heapsnapshot> <after.heapsnapshot> [per] [top]');
    process.exit(2);
  }
  const per = Number(perText ?? 1);
  const growth = heapGrowth(before, after);
  const total = growth.reduce((n, g) => n + g.bytes, 0);
  console.log(`growth: ${(total / per).toFixed(0)} bytes${per === 1 ? '' : ` per unit (÷ ${per})`}`);
  for (const g of growth.slice(0, Number(topText ?? 30))) {
    console.log(`  ${(g.bytes / per).toFixed(0).padStart(8)} B  ${(g.count / per).toFixed(2).padStart(7)} ×  ${g.key}`);
  }
}

if (process.argv[1] !== undefined && /heap-summary\.ts$/.test(process.argv[1])) main();
