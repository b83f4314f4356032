// The three apps of the budgets (issue 13), as Size Limit checks on the installed package:
// esbuild, one file, ES module, minified, gzip -9 (the size-limit-file plugin). `import` names
// what each app imports (Size Limit wants files: each is the file the package's `exports` map
// gives a browser bundler for an `import`); `ignore` what the app has anyway (external).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AXIOS, CLIENT_SESSION, NODE_COOKIE_JAR, PEER_COMMONJS, guard } from './guards.mjs';

const PACKAGE = join(import.meta.dirname, 'node_modules/rxjs-odata-async');
const { exports } = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8'));
/** The conditions a bundler sets for a browser app's `import`, in the package's key order. */
const BROWSER_IMPORT = ['browser', 'import', 'module', 'default'];
const target = (value) => {
  if (typeof value === 'string') return value;
  for (const [condition, next] of Object.entries(value ?? {})) if (BROWSER_IMPORT.includes(condition)) return target(next);
  return undefined;
};
/** The file a browser bundler imports for `subpath` of the package (`.`, `./angular`). */
const entry = (subpath) => {
  const file = target(exports[subpath]);
  if (file === undefined) throw new Error(`rxjs-odata-async exports no ${subpath} for a browser import`);
  return join(PACKAGE, file);
};
const PEERS = ['rxjs', 'axios', 'io-ts', 'fp-ts'];
/** `npm run size -- --guards-only`: the bundles and guards, no budget (until the poll engine's cut lands). */
const budget = (limit) => (process.env.SIZE_GUARDS_ONLY === '1' ? {} : { limit });

/** The build every check shares: ES module output, as apps ship it, plus the guard. */
const esbuildFor = (key, forbidden) => (config) => ({
  ...config,
  format: 'esm',
  legalComments: 'none',
  plugins: [...(config.plugins ?? []), guard(key, forbidden)],
});

export default [
  {
    name: 'Angular app: provideODataClient + an action piped into asyncOp$ (@angular/* and rxjs external)',
    import: { [entry('./angular')]: '{ provideODataClient }', [entry('.')]: '{ asyncOp$ }' },
    ignore: ['@angular/core', '@angular/common', 'rxjs'],
    gzip: true,
    ...budget('15 KiB'),
    modifyEsbuildConfig: esbuildFor('angular', [...NODE_COOKIE_JAR, ...AXIOS, ...PEER_COMMONJS]),
  },
  {
    name: 'Typical app: createODataClient + action + asyncOp$ (peers external)',
    import: { [entry('.')]: '{ createODataClient, asyncOp$ }' },
    ignore: PEERS,
    gzip: true,
    ...budget('12 KiB'),
    modifyEsbuildConfig: esbuildFor('typical', [...NODE_COOKIE_JAR, ...PEER_COMMONJS]),
  },
  {
    name: 'asyncOp$ alone (peers external)',
    import: { [entry('.')]: '{ asyncOp$ }' },
    ignore: PEERS,
    gzip: true,
    ...budget('7 KiB'),
    modifyEsbuildConfig: esbuildFor('asyncOp', [...NODE_COOKIE_JAR, ...AXIOS, ...PEER_COMMONJS, ...CLIENT_SESSION]),
  },
];
