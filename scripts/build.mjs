// Builds dist/esm (ES modules) and dist/cjs (CommonJS), each with declarations, from lib/.
// Each folder gets its own package.json, because Node and bundlers read the nearest one:
// - `type` names the module kind, so Node and TypeScript read the .js and .d.ts files as what they are;
// - `sideEffects: false`, so that a bundler drops every module and top-level value an app does not
//   use (the root package.json's flag does not reach past a nearer package.json).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

const tsc = (outDir, module) =>
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', outDir, '--module', module], {
    stdio: 'inherit',
  });

rmSync('dist', { recursive: true, force: true });
for (const [outDir, module, type] of [
  ['dist/esm', 'esnext', 'module'],
  ['dist/cjs', 'commonjs', 'commonjs'],
]) {
  tsc(outDir, module);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(`${outDir}/package.json`, `${JSON.stringify({ type, sideEffects: false }, null, 2)}\n`);
}
