// Guards for the bundles Size Limit builds: an esbuild plugin that fails the build when a bundle
// contains (or imports, when external) a module that app must never ship, and that keeps each
// bundle's metafile for the breakdown that scripts/size.mjs prints.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Never in a browser bundle: the Node cookie jar and its public-suffix list. */
export const NODE_COOKIE_JAR = [/(^|\/)node_modules\/(tough-cookie|tldts(-core)?)\//, /^(tough-cookie|tldts)(\/|$)/];
/** Never in an app that passes its own transport. */
export const AXIOS = [/(^|\/)node_modules\/axios\//, /^axios(\/|$)/];
/** The peers' CommonJS builds: a bundler must get their ES modules (one copy, tree-shaken). */
export const PEER_COMMONJS = [/(^|\/)node_modules\/(fp-ts|io-ts)\/lib\//, /^(fp-ts|io-ts)\/lib\//];
/** The client's session: CSRF, cookies, redirects. Only apps that create a client need it. */
export const CLIENT_SESSION = [/\/dist\/esm\/odata\/(csrf|service-http)\.js$/];

/**
 * What a bundle holds: every input that put bytes into the output, and every import left external.
 *
 * @param metafile esbuild's metafile of a one-output build.
 * @return module paths and external specifiers.
 */
export function bundledModules(metafile) {
  const modules = [];
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) if (bytesInOutput > 0) modules.push(path);
    for (const { path, external } of output.imports) if (external) modules.push(path);
  }
  return modules;
}

/**
 * An esbuild plugin that fails the build when a module matching `forbidden` is in it, and writes
 * the metafile to `meta/<key>.json` beside this file.
 *
 * @param key the app's short name (file name of its metafile).
 * @param forbidden patterns of module paths and external specifiers.
 */
export function guard(key, forbidden) {
  return {
    name: 'rxjs-odata-async-size-guard',
    setup(build) {
      build.onEnd((result) => {
        if (result.metafile === undefined) return;
        const dir = join(import.meta.dirname, 'meta');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${key}.json`), JSON.stringify(result.metafile));
        const found = bundledModules(result.metafile).filter((path) => forbidden.some((pattern) => pattern.test(path)));
        if (found.length > 0) {
          throw new Error(`GUARD ${key}: the bundle must not contain ${[...new Set(found)].join(', ')}`);
        }
      });
    },
  };
}
