// The package as users receive it: built, packed, and checked by publint and
// @arethetypeswrong/cli; the tarball must hold what a user needs and nothing else.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (command, args, options = {}) => execFileSync(command, args, { stdio: 'inherit', ...options });
const ALLOWED = [/^dist\/(esm|cjs)\/.+\.(js|d\.ts)$/, /^dist\/(esm|cjs)\/package\.json$/, /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|SECURITY\.md)$/];
const REQUIRED = [
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'SECURITY.md',
  'dist/esm/index.js',
  'dist/cjs/index.js',
  'dist/esm/index.browser.js',
  'dist/cjs/index.browser.js',
  'dist/esm/package.json',
  'dist/cjs/package.json',
  'dist/esm/index.d.ts',
  'dist/cjs/index.d.ts',
  'dist/esm/testing/index.js',
  'dist/cjs/testing/index.js',
  'dist/esm/angular/index.js',
  'dist/cjs/angular/index.js',
  'dist/esm/node/index.js',
  'dist/cjs/node/index.js',
];

run(process.execPath, ['scripts/build.mjs']);
const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }));
const files = packed[0].files.map((file) => file.path);
const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
const missing = REQUIRED.filter((file) => !files.includes(file));
console.log(`npm pack: ${files.length} files, ${packed[0].size} bytes packed`);
if (unexpected.length > 0 || missing.length > 0) {
  if (unexpected.length > 0) console.error(`Files a user does not need in the package:\n  ${unexpected.join('\n  ')}`);
  if (missing.length > 0) console.error(`Files missing from the package:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}

run('npx', ['--no-install', 'publint', '--strict']);
const dir = mkdtempSync(join(tmpdir(), 'rxjs-odata-async-pack-'));
try {
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { encoding: 'utf8' }));
  run('npx', ['--no-install', 'attw', join(dir, filename)]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log('package: contents, publint and attw clean');
