// The guard on the ES module build: none of its modules names a peer's CommonJS file. Those are
// what `fp-ts/lib/*` and `io-ts/lib/*` are; a bundler that meets one bundles the peer's CommonJS
// copy (whole, beside the ES module copy the app already has through io-ts).
// CommonJS, so that the specs (jest, CommonJS) can require it.
const { readdirSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');

/** Module specifiers of `import … from`, `export … from`, `import(…)` and `require(…)` in JavaScript text. */
function moduleSpecifiers(code) {
  const found = [];
  for (const match of code.matchAll(/\b(?:from|import|require)[\s(]*(['"])([^'"\n]+)\1/g)) found.push(match[2]);
  return found;
}

/** `file: specifier` for each import of fp-ts/lib or io-ts/lib in the .js files under `dir`. */
function peerCommonJsImports(dir) {
  const bad = (specifier) => /^(?:fp-ts|io-ts)\/lib(?:\/|$)/.test(specifier);
  const found = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = join(entry.parentPath, entry.name);
    for (const specifier of moduleSpecifiers(readFileSync(file, 'utf8'))) if (bad(specifier)) found.push(`${relative(dir, file)}: ${specifier}`);
  }
  return found;
}

module.exports = { moduleSpecifiers, peerCommonJsImports };
