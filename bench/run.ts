// npm run bench [-- <names…>] [--profile] [--out FILE]
// Runs the benchmarks one after the other in this process and prints each one's table as Markdown.
//   names: overhead, scale, detection, size (default: all four, in that order)
//   --profile   also CPU-profile one run of each client of the overhead benchmark, and the polling
//               phase of one more burst of each library in the scale benchmark (into .tmp/bench-profiles)
//   --out FILE  also write the whole report (machine, date, tables) to FILE
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { runBundleSize } from './bundle-size.js';
import { runDetectionDelay } from './detection-delay.js';
import { POLL_OVERHEAD_DEFAULTS, runPollOverhead } from './poll-overhead.js';
import { ROOT } from './paths.js';
import { formatReport, type BenchReport } from './report.js';
import { runScale, SCALE_DEFAULTS } from './scale.js';
import { hasGc } from './stats.js';

const BENCHES: Readonly<Record<string, (profileDir: string | undefined) => Promise<BenchReport>>> = {
  overhead: (profileDir) => runPollOverhead({ ...POLL_OVERHEAD_DEFAULTS, ...(profileDir === undefined ? {} : { profileDir }) }),
  scale: (profileDir) => runScale({ ...SCALE_DEFAULTS, ...(profileDir === undefined ? {} : { profileDir }) }),
  detection: () => runDetectionDelay(),
  size: () => runBundleSize(),
};

function cpuModel(): string {
  try {
    return /^model name[\t ]*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function nproc(): string {
  try {
    return execSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    return String(availableParallelism());
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args[outIndex + 1] : undefined;
  const profileDir = args.includes('--profile') ? join(ROOT, '.tmp/bench-profiles') : undefined;
  const names = args.filter((a, i) => !a.startsWith('--') && !(outIndex >= 0 && i === outIndex + 1));
  const selected = names.length > 0 ? names : Object.keys(BENCHES);
  const unknown = selected.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
  if (!hasGc()) throw new Error('run with node --expose-gc --import tsx bench/run.ts (npm run bench does)');

  const [load1] = loadavg();
  const header = [
    '# Benchmark results',
    '',
    `- Command: \`npm run bench${args.length > 0 ? ` -- ${args.join(' ')}` : ''}\` (node --expose-gc --import tsx bench/run.ts)`,
    `- Machine: ${nproc()} cores (nproc), ${cpuModel()}, Node ${process.version}, ${process.platform} ${process.arch}`,
    `- Date: ${new Date().toISOString()}`,
    `- Load average (1 min) when the run started: ${(load1 ?? 0).toFixed(2)}`,
    '',
  ].join('\n');
  console.log(header);
  const sections: string[] = [header];
  const started = performance.now();
  for (const name of selected) {
    const t0 = performance.now();
    const bench = BENCHES[name];
    if (bench === undefined) continue;
    const report = await bench(profileDir);
    const text = `${formatReport(report)}\n_${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s_\n`;
    console.log(text);
    sections.push(text);
  }
  const total = `Total: ${((performance.now() - started) / 1000).toFixed(0)} s.`;
  console.log(total);
  sections.push(total, '');
  if (out !== undefined) writeFileSync(out, sections.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
