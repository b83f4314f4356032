// The breakdown of each bundle Size Limit built (from the metafiles the guard kept): the ten
// modules that put the most minified bytes into it, and a reference poller measured the same way.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** `[module, minified bytes]` of a one-output metafile, largest first. */
export function largestModules(metafile, count = 10) {
  const [output] = Object.values(metafile.outputs);
  return Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => [path.replace(/^.*?node_modules\//, ''), bytesInOutput])
    .filter(([, bytes]) => bytes > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count);
}

/** Bundles `contents` as Size Limit's checks do (esbuild, ES module, minified) and returns its gzip -9 size. */
export async function gzipSizeOf(contents, resolveDir, external = []) {
  const result = await build({
    stdin: { contents, resolveDir, sourcefile: 'reference.js' },
    bundle: true,
    write: false,
    format: 'esm',
    minify: true,
    legalComments: 'none',
    external,
    logLevel: 'error',
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

/** Prints the breakdown of each metafile in `metaDir`, then the reference peers. */
export async function printBreakdown(metaDir, resolveDir) {
  for (const file of readdirSync(metaDir).sort()) {
    const metafile = JSON.parse(readFileSync(join(metaDir, file), 'utf8'));
    console.log(`\n${file.replace(/\.json$/, '')}: the ten largest modules (minified bytes, before gzip)`);
    for (const [path, bytes] of largestModules(metafile)) console.log(`  ${String(bytes).padStart(6)}  ${path}`);
  }
  console.log('\nFor reference, measured the same way (gzip -9):');
  const lro = await gzipSizeOf("import { createHttpPoller } from '@azure/core-lro'; console.log(createHttpPoller);", resolveDir);
  console.log(`  ${String(lro).padStart(6)} B  @azure/core-lro createHttpPoller, its dependencies counted`);
}
