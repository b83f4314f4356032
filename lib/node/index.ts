/**
 * `rxjs-odata-async/node`: what only Node can run (it uses `node:fs`), kept out of the main
 * entry so that no browser bundle ever reaches for it.
 *
 * @module rxjs-odata-async/node
 */
export { fileStorage } from './file-storage.js';
