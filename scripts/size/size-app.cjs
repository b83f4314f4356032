// The scratch app the size budgets are measured in: the package as `npm pack` makes it, installed
// into .tmp/size-app/node_modules the way npm would unpack it. The app sits inside the repository,
// so the peers (rxjs, axios, io-ts, fp-ts, @angular/*) and the package's own dependencies resolve
// from the repository's node_modules, one folder up, as an app's installed ones would.
// CommonJS, so that the specs (jest, CommonJS) can require it.
const { execFile, execFileSync } = require('node:child_process');
const { cpSync, mkdirSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '../..');
const APP = join(ROOT, '.tmp/size-app');

/**
 * Lays out a scratch app in `app` (emptied first): its manifest, the Size Limit configuration and
 * guards, and Size Limit with the local size-limit-file plugin. The package under test is installed
 * apart (see {@link prepareSizeApp}; the specs install fakes).
 *
 * @param app the app's folder; it must be inside the repository (see above).
 * @return the app's folder.
 */
function layoutSizeApp(app) {
  rmSync(app, { recursive: true, force: true });
  mkdirSync(join(app, 'node_modules'), { recursive: true });
  for (const file of readdirSync(join(ROOT, 'scripts/size/app'))) cpSync(join(ROOT, 'scripts/size/app', file), join(app, file));
  // Size Limit loads its plugins by name from where it is installed: a copy in the app finds the
  // local size-limit-file here, and everything else (its own dependencies, @size-limit/esbuild)
  // in the repository's node_modules above.
  cpSync(join(ROOT, 'node_modules/size-limit'), join(app, 'node_modules/size-limit'), { recursive: true, dereference: true });
  cpSync(join(ROOT, 'scripts/size/size-limit-file'), join(app, 'node_modules/size-limit-file'), { recursive: true });
  return app;
}

/**
 * Builds and packs the package, and lays out the scratch app with the tarball installed.
 *
 * @param options.build false to pack the dist/ already built.
 * @param options.app where the app goes (default .tmp/size-app).
 * @return the app's folder.
 */
function prepareSizeApp({ build = true, app = APP } = {}) {
  if (build) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  layoutSizeApp(app);
  const installed = join(app, 'node_modules/rxjs-odata-async');
  mkdirSync(installed);
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', app], { cwd: ROOT, encoding: 'utf8' }));
  // npm's tarballs hold the files under package/.
  execFileSync('tar', ['-xzf', join(app, filename), '-C', installed, '--strip-components=1']);
  return app;
}

/**
 * Runs Size Limit in `app`; resolves with its output, rejects (with `stdout`, `stderr`, `code`)
 * when a budget or guard fails. `guardsOnly` drops the budgets (scripts/size.mjs --guards-only).
 */
function runSizeLimit(app, { guardsOnly = false } = {}) {
  const env = { ...process.env, NO_COLOR: '1', SIZE_GUARDS_ONLY: guardsOnly ? '1' : '0' };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['node_modules/size-limit/bin.js'], { cwd: app, env }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stdout, stderr }));
      else resolve({ stdout, stderr });
    });
  });
}

module.exports = { ROOT, APP, layoutSizeApp, prepareSizeApp, runSizeLimit };
