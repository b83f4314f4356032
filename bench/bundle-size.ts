// Benchmark 4: what the library weighs in a browser bundle, next to @azure/core-lro. The figures
// come from the same scratch app and build as `npm run size` (scripts/size: the packed package,
// esbuild, one minified ES module, gzip -9), so the two can never disagree.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchReport } from './report.js';
import { ROOT } from './paths.js';
import { fixed, table } from './stats.js';

type App = 'angular' | 'typical' | 'asyncOp';

/** The part of scripts/size/costs.mjs this benchmark uses. */
interface CostsModule {
  measureCosts(): Promise<{ whole: Record<App, number>; parts: Record<string, Record<App, number>> }>;
}
/** The part of scripts/size/report.mjs this benchmark uses. */
interface ReportModule {
  gzipSizeOf(contents: string, resolveDir: string, external?: readonly string[]): Promise<number>;
}
/** The part of scripts/size/size-app.cjs this benchmark uses. */
interface SizeAppModule {
  prepareSizeApp(options?: { build?: boolean }): string;
}

const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(join(ROOT, file)).href)) as T;

/** The budgets of scripts/size/app/.size-limit.mjs (B gz). */
const BUDGETS: Record<App, number> = { angular: 15 * 1024, typical: 12 * 1024, asyncOp: 7 * 1024 };
const LABELS: Record<App, string> = {
  angular: 'Angular: provideODataClient + action + asyncOp$ (@angular/*, rxjs external)',
  typical: 'typical: createODataClient + action + asyncOp$ (peers external)',
  asyncOp: 'asyncOp$ alone (peers external)',
};

export async function runBundleSize(): Promise<BenchReport> {
  const sizeApp = createRequire(join(ROOT, 'package.json'))('./scripts/size/size-app.cjs') as SizeAppModule;
  const app = sizeApp.prepareSizeApp();
  const { whole, parts } = await (await load<CostsModule>('scripts/size/costs.mjs')).measureCosts();
  const lro = await (
    await load<ReportModule>('scripts/size/report.mjs')
  ).gzipSizeOf("import { createHttpPoller } from '@azure/core-lro'; console.log(createHttpPoller);", app);
  const kb = (bytes: number) => fixed(bytes / 1024, 2);
  const apps = Object.keys(LABELS) as App[];
  const rows = apps.map((key) => [LABELS[key], kb(whole[key]), kb(BUDGETS[key]), whole[key] > BUDGETS[key] ? 'OVER' : 'ok']);
  rows.push(['@azure/core-lro createHttpPoller (its dependencies counted)', kb(lro), '', '']);
  const over = apps.filter((key) => whole[key] > BUDGETS[key]);
  return {
    title: '4. Bundle size (browser, esbuild, minified + gzip -9)',
    setup:
      'The packed package installed into a scratch app (.tmp/size-app), each app bundled by esbuild into one minified ES module, gzip level 9: ' +
      'the same apps and build as `npm run size` (Size Limit), before its 46-byte correction for the import wrapper.',
    table: table(['bundle', 'gzip KiB', 'budget KiB', 'budget'], rows),
    notes: [
      `${over.length === 0 ? 'Every budget met' : `Over budget: ${over.map((key) => `${key} ${fixed(whole[key] / BUDGETS[key], 2)}×`).join(', ')}`}; core-lro's poller ${kb(lro)} KiB.`,
      ...Object.entries(parts).map(
        ([part, cells]) => `${part}: ${apps.map((key) => `${key} ${cells[key]} B`).join(', ')} (gzip bytes an app saves without it).`,
      ),
    ],
    met: over.length === 0,
  };
}
