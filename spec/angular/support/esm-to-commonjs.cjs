// A jest transform for the Angular packages, which ship ES modules only (`fesm2022/*.mjs`):
// jest's CommonJS runtime cannot load them as they are, so esbuild rewrites each file's
// imports and exports to require()/exports. Nothing else changes; the code is Angular's own.
const { transformSync, version } = require('esbuild');

module.exports = {
  process(sourceText, sourcePath) {
    const { code, map } = transformSync(sourceText, { loader: 'js', format: 'cjs', target: 'es2022', sourcefile: sourcePath, sourcemap: true });
    return { code, map };
  },
  getCacheKey(sourceText, sourcePath) {
    return require('node:crypto').createHash('sha1').update(version).update('\0').update(sourcePath).update('\0').update(sourceText).digest('hex');
  },
};
