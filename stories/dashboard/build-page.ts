/**
 * Builds the dashboard for the embedded server (Node): `main.ts` bundled by esbuild for the
 * browser, next to the page and its style sheet, as the server's `staticFiles`.
 */
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StaticFiles } from 'rxjs-odata-async/testing';

/** Where the page is served on the server's origin. */
export const DASHBOARD_PATH = '/dashboard/';

const projectRoot = join(__dirname, '..', '..');

/** Bundles the page's TypeScript (rxjs, axios and the library included) into one ES module. */
export async function bundleDashboard(): Promise<string> {
  const result = await build({
    entryPoints: [join(__dirname, 'main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    outfile: 'dashboard.js',
    write: false,
    logLevel: 'silent',
    // Stories import the library by its package name, as users do; here it is the sources.
    alias: { 'rxjs-odata-async': join(projectRoot, 'lib', 'index.ts') },
    // The client loads tough-cookie only where there is no document, never in a browser.
    external: ['tough-cookie'],
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild produced no output for the dashboard');
  return output.text;
}

/** The page, its script and style sheet, by URL path. */
export async function buildDashboard(): Promise<StaticFiles> {
  const [html, css, js] = await Promise.all([
    readFile(join(__dirname, 'index.html'), 'utf8'),
    readFile(join(__dirname, 'dashboard.css'), 'utf8'),
    bundleDashboard(),
  ]);
  return {
    [DASHBOARD_PATH]: { contentType: 'text/html;charset=utf-8', body: html },
    [`${DASHBOARD_PATH}dashboard.css`]: { contentType: 'text/css;charset=utf-8', body: css },
    [`${DASHBOARD_PATH}dashboard.js`]: { contentType: 'text/javascript;charset=utf-8', body: js },
  };
}
