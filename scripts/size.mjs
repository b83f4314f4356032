#!/usr/bin/env node
// `npm run size`: the bundle budgets and guards of issue 13, on the package as users install it.
//   1. build, `npm pack`, install the tarball into .tmp/size-app (scripts/size/size-app.mjs);
//   2. the ES module build imports no peer's CommonJS file (fp-ts/lib, io-ts/lib);
//   3. Size Limit (@size-limit/esbuild) bundles the three apps of scripts/size/app/.size-limit.mjs
//      (esbuild, one ES module file, minified, gzip -9) against their budgets; its guards fail a
//      bundle that holds the Node cookie jar, axios where the app gives its own transport, or a
//      peer's CommonJS build;
//   4. the ten largest modules of each bundle, and a reference poller measured the same way.
// Exit 1 when a budget or a guard fails.
//   node scripts/size.mjs [--no-build] [--guards-only]
//     --no-build     packs the dist/ already built
//     --guards-only  bundles and guards, without the budgets
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import sizeApp from './size/size-app.cjs';
import esmImports from './size/esm-imports.cjs';
import { printBreakdown } from './size/report.mjs';

async function main() {
  const app = sizeApp.prepareSizeApp({ build: !process.argv.includes('--no-build') });
  const esm = join(app, 'node_modules/rxjs-odata-async/dist/esm');
  const commonJs = esmImports.peerCommonJsImports(esm);
  if (commonJs.length > 0) {
    console.error(`GUARD esm: the ES module build imports the peers' CommonJS builds:\n  ${commonJs.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(`dist/esm imports no fp-ts/lib or io-ts/lib file (${relative(sizeApp.ROOT, esm)})`);
  }
  try {
    const env = { ...process.env, SIZE_GUARDS_ONLY: process.argv.includes('--guards-only') ? '1' : '0' };
    execFileSync(process.execPath, ['node_modules/size-limit/bin.js'], { cwd: app, stdio: 'inherit', env });
  } catch {
    // Size Limit has printed which budget or guard failed.
    process.exitCode = 1;
  }
  await printBreakdown(join(app, 'meta'), app);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 2;
  });
}
