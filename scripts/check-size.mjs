#!/usr/bin/env node
// Size budget: the browser bundle a user ships, built from lib/ with esbuild (no build needed).
//   node scripts/check-size.mjs          prints the sizes; exit 1 when over budget
//   node scripts/check-size.mjs --json   the same figures as JSON (bench/bundle-size.ts reads them)
//   node scripts/check-size.mjs --why    also lists the inputs that take the most space
//   node scripts/check-size.mjs --ceiling [file]
//                                        exit 1 only when a bundle outgrows its ceiling
//                                        (default scripts/size-ceiling.json): the CI guard
// Budgets (minified + gzip level 9, peers external): the root entry ≤ 6 KB, asyncOp$ alone ≤ 3 KB.
// The library is over both today (see bench/RESULTS.md). Until it is under them, CI checks the
// ceilings instead: the sizes measured after the last cut, so that no change makes it heavier
// unnoticed. Lower a ceiling whenever a change makes the bundle smaller.
import { gzipSync } from 'node:zlib';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Budgets in bytes of gzip (KB = 1024 bytes). */
export const BUDGETS = { root: 6 * 1024, asyncOp: 3 * 1024 };

/**
 * Not bundled: the peer dependencies (the app has them once), and tough-cookie, the one runtime
 * dependency, which the library imports lazily (`import('tough-cookie')`) and only in Node, where
 * no browser keeps cookies: a browser bundle never loads it.
 */
export const EXTERNAL = ['rxjs', 'rxjs/*', 'axios', 'axios/*', 'io-ts', 'io-ts/*', 'fp-ts', 'fp-ts/*', 'tough-cookie'];

/** The entries measured: the whole root barrel, and an app that imports only `asyncOp$`. */
export const ENTRIES = {
  root: { label: 'root entry (lib/index.ts, every export)', contents: "export * from './lib/index.ts';" },
  asyncOp: { label: 'asyncOp$ alone (tree-shaken)', contents: "export { asyncOp$ } from './lib/index.ts';" },
};

/** Bundles `contents` (resolved from the repository root) for browsers: ESM, minified, tree-shaken. */
export async function bundle(contents, external = EXTERNAL) {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, sourcefile: 'size-entry.ts', loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    treeShaking: true,
    external,
    metafile: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  return { raw: code.length, gzip: gzipSync(code, { level: 9 }).length, metafile: result.metafile, text: result.outputFiles[0].text };
}

/** Bytes of minified output per input file, largest first (from esbuild's metafile). */
export function inputsBySize(metafile) {
  const output = Object.values(metafile.outputs)[0];
  return Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => [relative(ROOT, join(ROOT, path)), bytesInOutput])
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1]);
}

/** Both entries, measured. */
export async function measureSizes() {
  const out = {};
  for (const [key, entry] of Object.entries(ENTRIES)) {
    const { raw, gzip, metafile } = await bundle(entry.contents);
    out[key] = { label: entry.label, raw, gzip, budget: BUDGETS[key], over: gzip > BUDGETS[key], inputs: inputsBySize(metafile) };
  }
  return out;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;

/** The ceilings in `file` (bytes of gzip per entry), checked to be complete. */
export async function readCeilings(file) {
  const { readFile } = await import('node:fs/promises');
  const ceilings = JSON.parse(await readFile(file, 'utf8'));
  for (const key of Object.keys(ENTRIES)) {
    if (!Number.isInteger(ceilings[key]) || ceilings[key] <= 0) throw new TypeError(`${file}: "${key}" must be a positive number of bytes`);
  }
  return ceilings;
}

async function main() {
  const argv = process.argv.slice(2);
  const args = new Set(argv);
  const sizes = await measureSizes();
  if (args.has('--ceiling')) {
    const next = argv[argv.indexOf('--ceiling') + 1];
    const file = next !== undefined && !next.startsWith('--') ? next : join(ROOT, 'scripts/size-ceiling.json');
    const ceilings = await readCeilings(file);
    console.log(`Bundle size against the ceilings in ${relative(process.cwd(), file) || file} (gzip -9; the budgets are 6 KB and 3 KB)`);
    let grown = false;
    for (const [key, s] of Object.entries(sizes)) {
      const over = s.gzip > ceilings[key];
      grown ||= over;
      console.log(
        `  ${s.label.padEnd(42)} ${String(s.gzip).padStart(6)} B gzip  ceiling ${String(ceilings[key]).padStart(6)} B  ${over ? 'GREW PAST THE CEILING' : 'ok'}`,
      );
    }
    if (grown) {
      console.log('\nA change made the bundle heavier. Make it smaller again (`--why` shows where the bytes are),');
      console.log('or, if the bytes are worth it, raise the ceiling in the same commit and say why.');
      process.exitCode = 1;
    }
    return;
  }
  if (args.has('--json')) {
    process.stdout.write(`${JSON.stringify(sizes)}\n`);
  } else {
    console.log('Bundle size (esbuild, ESM for browsers, minified, gzip -9; external: rxjs, axios, io-ts, fp-ts, tough-cookie)');
    for (const s of Object.values(sizes)) {
      console.log(`  ${s.label.padEnd(42)} ${kb(s.gzip).padStart(9)} gzip  (${kb(s.raw)} minified)  budget ${kb(s.budget)}  ${s.over ? 'OVER BUDGET' : 'ok'}`);
    }
    if (args.has('--why') || Object.values(sizes).some((s) => s.over)) {
      for (const s of Object.values(sizes)) {
        console.log(`\n  ${s.label}: largest inputs (minified bytes before gzip)`);
        for (const [path, bytes] of s.inputs.slice(0, 15)) console.log(`    ${String(bytes).padStart(6)}  ${path}`);
      }
    }
  }
  if (Object.values(sizes).some((s) => s.over)) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 2;
  });
}
