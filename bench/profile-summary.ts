// Summarizes a V8 .cpuprofile (node --cpu-prof): self time by package / source area, and the
// top functions. Used to find where the CPU of a benchmark goes.
//   node --import tsx bench/profile-summary.ts <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The area a script URL belongs to: a package in node_modules, a folder of lib/, node itself. */
export function areaOf(url: string): string {
  if (url === '') return '(native builtins)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (url.includes('/.cache/rxjs-odata-async-bench/')) return 'lib (bundled)';
  if (pkg) return pkg[1] ?? url;
  const lib = /\/lib\/([^/]+)\/([^/]+)$/.exec(url);
  if (lib && !url.startsWith('node:')) return `lib/${lib[1] ?? ''}/${lib[2] ?? ''}`;
  if (url.startsWith('node:')) {
    const internal = /^node:internal\/([^/]+)/.exec(url);
    return internal ? `node:${internal[1] ?? ''}` : url;
  }
  const bench = /\/bench\/([^/]+)$/.exec(url);
  if (bench) return `bench/${bench[1] ?? ''}`;
  return url;
}

/** A coarser grouping of areas, for comparing two profiles at a glance. */
export function categoryOf(area: string): string {
  if (area === 'rxjs') return 'rxjs';
  if (area === 'lib (bundled)' || area.startsWith('lib/')) return 'library code';
  if (['node:per_context', 'node:abort_controller', 'node:event_target'].includes(area)) return 'AbortController / DOMException';
  if (area === 'tough-cookie' || area === 'tldts') return 'cookie jar (tough-cookie, tldts)';
  if (area === 'axios' || area === 'follow-redirects' || area === 'form-data' || area === 'proxy-from-env') return 'axios';
  if (area === '(garbage collector)') return 'GC';
  if (area === '(native builtins)') return 'native builtins (socket writes, JSON.parse, …)';
  if (/^node:(?:_http|net|stream|http)/.test(area)) return 'node http / net / streams';
  if (area.startsWith('bench/')) return 'benchmark code';
  return 'other node internals';
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly byArea: readonly (readonly [string, number])[];
  readonly byCategory: readonly (readonly [string, number])[];
  readonly byFunction: readonly (readonly [string, number])[];
  /**
   * The busy stretches (ms, longest first): runs of consecutive non-idle samples, i.e. the times
   * the event loop was blocked. An event-loop delay histogram sees each as one late tick.
   */
  readonly stalls: readonly number[];
}

export function summarize(path: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const area = new Map<string, number>();
  const fn = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    total += us;
    const a = functionName === '(garbage collector)' ? '(garbage collector)' : areaOf(url);
    area.set(a, (area.get(a) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^.*\/(lib|bench)\//, '$1/')}:${lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].map(([k, v]) => [k, v / 1000] as const).sort((a, b) => b[1] - a[1]);
  const category = new Map<string, number>();
  for (const [a, us] of area) category.set(categoryOf(a), (category.get(categoryOf(a)) ?? 0) + us);
  return { totalMs: total / 1000, byArea: sorted(area), byCategory: sorted(category), byFunction: sorted(fn), stalls: busyStretches(profile, byId) };
}

function busyStretches(profile: Profile, byId: ReadonlyMap<number, ProfileNode>): number[] {
  const stalls: number[] = [];
  let current = 0;
  profile.samples.forEach((id, i) => {
    const name = byId.get(id)?.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') {
      if (current > 0) stalls.push(current / 1000);
      current = 0;
    } else current += profile.timeDeltas[i] ?? 0;
  });
  if (current > 0) stalls.push(current / 1000);
  return stalls.sort((a, b) => b - a);
}

/**
 * One line on the stalls of a profile: how many exceed 20, 50 and 100 ms, and the longest. A
 * p99 of event-loop delay samples counts the stalls near its own value; the max only the longest.
 */
export function describeStalls(stalls: readonly number[], top = 5): string {
  const over = (ms: number) => stalls.filter((stall) => stall > ms).length;
  const longest = stalls
    .slice(0, top)
    .map((ms) => ms.toFixed(0))
    .join(', ');
  return `stalls over 20 / 50 / 100 ms: ${over(20)} / ${over(50)} / ${over(100)}, the longest ${longest} ms`;
}

function main(): void {
  const [path, topText] = process.argv.slice(2);
  if (path === undefined) {
    console.error('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  const top = Number(topText ?? 25);
  const s = summarize(path);
  const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1)} %`;
  console.log(`busy (non-idle) self time: ${s.totalMs.toFixed(0)} ms\n\nby category:`);
  for (const [c, ms] of s.byCategory) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${pct(ms).padStart(7)}  ${c}`);
  console.log('\nby area:');
  for (const [a, ms] of s.byArea.slice(0, top)) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${pct(ms).padStart(7)}  ${a}`);
  console.log('\nby function:');
  for (const [f, ms] of s.byFunction.slice(0, top)) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${pct(ms).padStart(7)}  ${f}`);
  console.log(`\nevent loop: ${describeStalls(s.stalls)}`);
}

if (process.argv[1] !== undefined && /profile-summary\.ts$/.test(process.argv[1])) main();
