// Builds dist/esm (ES modules) and dist/cjs (CommonJS), each with declarations, from lib/.
// Each folder gets its own package.json, because Node and bundlers read the nearest one:
// - `type` names the module kind, so Node and TypeScript read the .js and .d.ts files as what they are;
// - `sideEffects: false`, so that a bundler drops every module and top-level value an app does not
//   use (the root package.json's flag does not reach past a nearer package.json);
// - `imports`, the package's private specifiers (`#...`) that resolve per environment:
//   IMPORTS below says which and why. tsconfig.json `paths` and jest.config.js `moduleNameMapper`
//   map the same specifiers for the sources (spec/package/packaging.spec.ts checks all three agree).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * The `imports` map of each build folder (paths relative to it).
 * - `#http/session-cookies`: a browser keeps the session's cookies itself, so a browser bundle gets
 *   the module that keeps none and never names tough-cookie; every other runtime gets the jar.
 */
export const IMPORTS = {
  '#http/session-cookies': { browser: './http/session-cookies.browser.js', default: './http/session-cookies.js' },
};

/** The package.json of a build folder whose modules are of `type`. */
export const buildFolderManifest = (type) => ({ type, sideEffects: false, imports: IMPORTS });

const tsc = (outDir, module) =>
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', outDir, '--module', module], {
    stdio: 'inherit',
  });

function build() {
  rmSync('dist', { recursive: true, force: true });
  for (const [outDir, module, type] of [
    ['dist/esm', 'esnext', 'module'],
    ['dist/cjs', 'commonjs', 'commonjs'],
  ]) {
    tsc(outDir, module);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(`${outDir}/package.json`, `${JSON.stringify(buildFolderManifest(type), null, 2)}\n`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) build();
