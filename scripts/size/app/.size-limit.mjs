// The three apps of the budgets (issue 13), as Size Limit checks on the installed package:
// esbuild, one file, ES module, minified, gzip -9 (the size-limit-file plugin). `import` names
// what each app imports (Size Limit wants files: each is the file the package's `exports` map
// resolves the specifier to for an `import`); `ignore` what the app has anyway (external).
import { fileURLToPath } from 'node:url';
import { AXIOS, CLIENT_SESSION, NODE_COOKIE_JAR, PEER_COMMONJS, guard } from './guards.mjs';

const entry = (specifier) => fileURLToPath(import.meta.resolve(specifier));
const PEERS = ['rxjs', 'axios', 'io-ts', 'fp-ts'];

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
    import: { [entry('rxjs-odata-async/angular')]: '{ provideODataClient }', [entry('rxjs-odata-async')]: '{ asyncOp$ }' },
    ignore: ['@angular/core', '@angular/common', 'rxjs'],
    gzip: true,
    limit: '15 KiB',
    modifyEsbuildConfig: esbuildFor('angular', [...NODE_COOKIE_JAR, ...AXIOS, ...PEER_COMMONJS]),
  },
  {
    name: 'Typical app: createODataClient + action + asyncOp$ (peers external)',
    import: { [entry('rxjs-odata-async')]: '{ createODataClient, asyncOp$ }' },
    ignore: PEERS,
    gzip: true,
    limit: '12 KiB',
    modifyEsbuildConfig: esbuildFor('typical', [...NODE_COOKIE_JAR, ...PEER_COMMONJS]),
  },
  {
    name: 'asyncOp$ alone (peers external)',
    import: { [entry('rxjs-odata-async')]: '{ asyncOp$ }' },
    ignore: PEERS,
    gzip: true,
    limit: '7 KiB',
    modifyEsbuildConfig: esbuildFor('asyncOp', [...NODE_COOKIE_JAR, ...AXIOS, ...PEER_COMMONJS, ...CLIENT_SESSION]),
  },
];
