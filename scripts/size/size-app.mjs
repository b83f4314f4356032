// The scratch app the size budgets are measured in: the package as `npm pack` makes it, installed
// into .tmp/size-app/node_modules the way npm would unpack it. The app sits inside the repository,
// so the peers (rxjs, axios, io-ts, fp-ts, @angular/*) and the package's own dependencies resolve
// from the repository's node_modules, one folder up, as an app's installed ones would.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const APP = join(ROOT, '.tmp/size-app');

/**
 * Builds and packs the package, and lays out the scratch app with it installed.
 *
 * @param options.build false to pack the dist/ already built.
 * @param options.app where the app goes (default .tmp/size-app).
 * @return the app's folder.
 */
export function prepareSizeApp({ build = true, app = APP } = {}) {
  if (build) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  rmSync(app, { recursive: true, force: true });
  const installed = join(app, 'node_modules/rxjs-odata-async');
  mkdirSync(installed, { recursive: true });
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', app], { cwd: ROOT, encoding: 'utf8' }));
  // npm's tarballs hold the files under package/.
  execFileSync('tar', ['-xzf', join(app, filename), '-C', installed, '--strip-components=1']);
  // The app's configuration, guards and manifest.
  for (const file of readdirSync(join(ROOT, 'scripts/size/app'))) cpSync(join(ROOT, 'scripts/size/app', file), join(app, file));
  // Size Limit loads its plugins by name from where it is installed: a copy in the app finds the
  // local size-limit-file here, and everything else (its own dependencies, @size-limit/esbuild)
  // in the repository's node_modules above.
  cpSync(join(ROOT, 'node_modules/size-limit'), join(app, 'node_modules/size-limit'), { recursive: true, dereference: true });
  cpSync(join(ROOT, 'scripts/size/size-limit-file'), join(app, 'node_modules/size-limit-file'), { recursive: true });
  return app;
}
