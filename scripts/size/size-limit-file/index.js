// A local stand-in for @size-limit/file, which the project does not install: the esbuild plugin
// bundles, a `file` plugin turns the bundles into a size. This one measures gzip at level 9, as
// @size-limit/file does with `gzip: true` (its default is brotli); Size Limit accepts `gzip` only
// with a plugin of this name. scripts/size/size-app.mjs installs it into the scratch app.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

export default [
  {
    name: 'size-limit-file',
    async step60(_config, check) {
      const files = check.bundles ?? check.files;
      let size = 0;
      for (const file of files) size += gzipSync(await readFile(file), { level: 9 }).length;
      check.size = size;
    },
  },
];
