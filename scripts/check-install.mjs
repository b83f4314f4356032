// `prestart` / `pretest`: stops with what to run when the dependencies are not installed, instead
// of a shell's "tsx: not found" right after `git clone`. It installs nothing itself: `npm ci`
// (the README's first step) installs exactly the lockfile, and a start script that reached for the
// network on its own would hide that. Plain Node, no dependency: it runs before any is installed.
//
// Usage: node scripts/check-install.mjs [projectRoot]   (default: this script's project)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const wanted = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
const missing = wanted.filter((name) => !existsSync(join(root, 'node_modules', name, 'package.json')));

if (missing.length > 0) {
  const some = missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, … (${missing.length} in all)` : '');
  console.error(`The dependencies are not installed (missing: ${some}).`);
  console.error('Install them from the lockfile first: npm ci   (the first lines of README.md do both steps)');
  process.exitCode = 1;
}
