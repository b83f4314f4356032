// Builds dist/esm (ES modules) and dist/cjs (CommonJS), each with declarations, from lib/.
// Each folder gets a package.json naming its module type, so Node and TypeScript read the
// .js and .d.ts files in it as what they are.
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
  writeFileSync(`${outDir}/package.json`, `${JSON.stringify({ type }, null, 2)}\n`);
}
