// The package's private specifiers (`#...`), resolved per environment. scripts/build.mjs writes
// this map into the package.json of each build folder (Node and bundlers read the nearest one);
// tsconfig.json `paths` and jest.config.js `moduleNameMapper` map the same specifiers to the
// sources as Node resolves them (spec/package/packaging.spec.ts checks that all three agree).
// CommonJS, so that the specs can require it.

/**
 * Targets relative to a build folder (dist/esm or dist/cjs), by condition in order of preference.
 * - `#http/session-cookies`: a browser keeps the session's cookies itself, so a browser bundle gets
 *   the module that keeps none and never names tough-cookie; every other runtime gets the jar.
 */
const IMPORTS = {
  '#http/session-cookies': { browser: './http/session-cookies.browser.js', default: './http/session-cookies.js' },
};

/** The package.json of a build folder whose modules are of `type` (`module` or `commonjs`). */
const buildFolderManifest = (type) => ({ type, sideEffects: false, imports: IMPORTS });

module.exports = { IMPORTS, buildFolderManifest };
