#!/usr/bin/env node
// What each optional part of the library costs the three apps of the budgets: each app is bundled
// as Size Limit bundles it (esbuild, one ES module file, minified, gzip -9, same externals), once
// whole and once with the part's modules emptied (their exports kept as `undefined`), in the app
// `npm run size` installed (.tmp/size-app). The difference is what an app that never uses the part
// would save if the part were out of its bundle: the part's own code and what only it uses.
//   npm run size:costs      (after `npm run size`; bench/bundle-size.ts imports measureCosts)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import sizeApp from './size-app.cjs';

const app = sizeApp.APP;
const dist = join(app, 'node_modules/rxjs-odata-async/dist/esm');
const PEERS = ['rxjs', 'axios', 'io-ts', 'fp-ts'];

/** The three apps, as scripts/size/app/.size-limit.mjs has them (browser entry of the root). */
export const APPS = {
  angular: {
    contents:
      "import { provideODataClient } from 'rxjs-odata-async/angular'; import { asyncOp$ } from 'rxjs-odata-async'; console.log(provideODataClient, asyncOp$);",
    external: ['@angular/core', '@angular/common', 'rxjs'],
  },
  typical: { contents: "import { createODataClient, asyncOp$ } from 'rxjs-odata-async'; console.log(createODataClient, asyncOp$);", external: PEERS },
  asyncOp: { contents: "import { asyncOp$ } from 'rxjs-odata-async'; console.log(asyncOp$);", external: PEERS },
};

/**
 * The parts measured: modules of dist/esm (their paths end so), or a peer made external. Each is
 * what an app would save if the part were out of its bundle, so the lines overlap where one part
 * uses another (URL literals use the edm validation, the dialects use the status bodies).
 */
export const PARTS = {
  'poll engine (lro/poll-updates.js, poll-once.js, repeat-step.js)': { modules: /\/lro\/(poll-updates|poll-once|repeat-step)\.js$/ },
  'asyncOp$ options checked and defaulted (lro/resolve-async-op-options.js)': { modules: /\/lro\/resolve-async-op-options\.js$/ },
  'shared option checker (errors/check-options.js)': { modules: /\/errors\/check-options\.js$/ },
  'pauseWhenHidden (lro/page-visibility.js)': { modules: /\/lro\/page-visibility\.js$/ },
  'monitor answers, all vendors (read-monitor-answer.js, read-status-answer.js)': {
    modules: /\/lro\/(read-monitor-answer|dialects\/shared\/read-status-answer)\.js$/,
  },
  'status bodies and words (dialects/shared/status-body.js)': { modules: /\/dialects\/shared\/status-body\.js$/ },
  'Azure dialect, inferred by default (dialects/azure.js)': { modules: /\/dialects\/azure\.js$/ },
  'v4 completions, AsyncResult and application/http (odata-completion, http-envelope)': {
    modules: /\/(dialects\/shared\/odata-completion|odata\/http-envelope)\.js$/,
  },
  'OData error bodies, v4 and SAP (odata/parse-odata-error.js, its io-ts codecs)': { modules: /\/odata\/parse-odata-error\.js$/ },
  'result codecs (odata/decode-result.js, decode-issues.js, lro/fetch-result.js)': { modules: /\/(odata\/decode-(result|issues)|lro\/fetch-result)\.js$/ },
  'v2 and v4 wrappers (odata/unwrap.js)': { modules: /\/odata\/unwrap\.js$/ },
  'edm values (odata/edm.js: builders and validation)': { modules: /\/odata\/edm\.js$/ },
  'URL literals, v4 and v2, with edm (odata/literals.js, json-parameter.js)': { modules: /\/odata\/(literals|json-parameter)\.js$/ },
  'client config checked and defaulted (odata/client-config.js)': { modules: /\/odata\/client-config\.js$/ },
  'SAP CSRF (odata/csrf.js)': { modules: /\/odata\/csrf\.js$/ },
  'the session: URLs, origins, redirects (odata/service-http.js)': { modules: /\/odata\/service-http\.js$/ },
  'axios transport (http/axios-transport.js, axios-failure.js)': { modules: /\/http\/axios-(transport|failure)\.js$/ },
  'HttpClient transport (angular/http-client-transport.js)': { modules: /\/angular\/http-client-transport\.js$/ },
  'io-ts (peer, counted in the Angular app)': { external: ['io-ts', 'fp-ts'] },
};

/** Names a module of tsc's ES module output exports. */
function exportNames(code) {
  const names = new Set();
  for (const [, name] of code.matchAll(/^export (?:async )?(?:function\*?|const|let|class) ([\w$]+)/gm)) names.add(name);
  for (const [, list] of code.matchAll(/^export \{([^}]*)\}/gm)) {
    for (const item of list.split(',')) {
      const name = item.trim().split(' as ').pop();
      if (name) names.add(name);
    }
  }
  return [...names];
}

/** An esbuild plugin that empties the modules matching `pattern`. */
const emptying = (pattern) => ({
  name: 'empty-part',
  setup(b) {
    b.onLoad({ filter: pattern }, ({ path }) => {
      if (!path.startsWith(dist)) return undefined;
      const names = exportNames(readFileSync(path, 'utf8'));
      return { contents: names.map((name) => `export const ${name} = undefined;`).join('\n'), loader: 'js' };
    });
  },
});

async function gzipSize({ contents, external }, plugins = []) {
  const result = await build({
    stdin: { contents, resolveDir: app, sourcefile: 'app.js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    minify: true,
    legalComments: 'none',
    external,
    plugins,
    logLevel: 'error',
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

/**
 * Each app whole, and what each part costs it.
 *
 * @return `whole[app]` in B gz, and `parts[part][app]`: B gz the app would save without the part.
 */
export async function measureCosts() {
  const whole = {};
  const parts = {};
  for (const [key, spec] of Object.entries(APPS)) whole[key] = await gzipSize(spec);
  for (const [part, { modules, external }] of Object.entries(PARTS)) {
    parts[part] = {};
    for (const [key, spec] of Object.entries(APPS)) {
      const without = modules ? await gzipSize(spec, [emptying(modules)]) : await gzipSize({ ...spec, external: [...spec.external, ...external] });
      parts[part][key] = whole[key] - without;
    }
  }
  return { whole, parts };
}

async function main() {
  const { whole, parts } = await measureCosts();
  console.log(
    `Whole apps (B gz): ${Object.entries(whole)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log('What each part costs (B gz saved without it), per app:');
  for (const [part, cells] of Object.entries(parts)) {
    console.log(
      `  ${part.padEnd(82)} ${Object.entries(cells)
        .map(([k, v]) => `${k} ${String(v).padStart(5)}`)
        .join('   ')}`,
    );
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 2;
  });
}
