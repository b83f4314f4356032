// Small helpers shared by the benchmarks: statistics, formatting, a seeded PRNG, gc.

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] ?? Number.NaN;
  const lo = sorted[mid - 1] ?? hi;
  return sorted.length % 2 === 0 ? (lo + hi) / 2 : hi;
}

/** The mean of a non-empty list. */
export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** A GitHub-flavoured Markdown table (also readable on a terminal). */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}

export const fixed = (n: number, digits = 1): string => n.toFixed(digits);
export const kib = (bytes: number, digits = 2): string => `${(bytes / 1024).toFixed(digits)} KiB`;

/** A seeded PRNG, so that every run draws the same "random" durations. */
export { mulberry32 as seededRandom } from '../spec/support/seeded-random.js';

/** A full collection when node runs with --expose-gc; a TypeError otherwise (heap figures would be noise). */
export function gc(): void {
  const collect: unknown = (globalThis as { gc?: unknown }).gc;
  if (typeof collect !== 'function') throw new TypeError('run the benchmarks with node --expose-gc (npm run bench does)');
  collect();
  collect();
}

/** Whether node runs with --expose-gc. */
export function hasGc(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}

/** CPU time (user + system) of this process in ms. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
