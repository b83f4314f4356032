// The library as an application runs it: lib/ bundled by esbuild into one CommonJS module (peers
// external), rather than transpiled file by file by tsx. tsx turns every cross-file import into
// a getter call (its CommonJS interop), which costs CPU that neither the published dist/ build nor
// an app bundle pays; benchmarking that would blame the library for the test harness.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { ROOT } from './paths.js';

type Library = typeof import('../lib/index.js');
type Testing = typeof import('../lib/testing/index.js');

const OUT_DIR = resolve(ROOT, 'node_modules/.cache/rxjs-odata-async-bench');
/** Peers (and the lazily imported cookie jar) stay outside, resolved from node_modules like an app's. */
const EXTERNAL = ['rxjs', 'rxjs/*', 'axios', 'io-ts', 'io-ts/*', 'fp-ts', 'fp-ts/*', 'tough-cookie'];

let cached: Library | undefined;

function bundle(entry: string, name: string): string {
  const outfile = join(OUT_DIR, name);
  // A worktree's node_modules may be hard-linked to another's: writing over the file would write
  // into theirs too (esbuild truncates in place), and a bench there would load this build. A new file is ours alone.
  rmSync(outfile, { force: true });
  buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node18', external: EXTERNAL, outfile, logLevel: 'error' });
  return outfile;
}

/** lib/index.ts, bundled afresh on first use (a few ms) and loaded with require. */
export function builtLibrary(): Library {
  if (cached !== undefined) return cached;
  const outfile = bundle(resolve(ROOT, 'lib/index.ts'), 'index.cjs');
  cached = createRequire(outfile)(outfile) as Library;
  return cached;
}

/** lib/testing/index.ts, bundled the same way (for the server process). */
export function builtTesting(): Testing {
  const outfile = bundle(resolve(ROOT, 'lib/testing/index.ts'), 'testing.cjs');
  return createRequire(outfile)(outfile) as Testing;
}
