// The root entry for browser bundles (package.json `exports` condition `browser`): the same public
// API as index.ts, with the browser's createODataClient, which keeps no cookie jar of its own.
// An explicit export wins over the star export of the same name.

export * from './index.js';
export { createODataClient } from './odata/odata-client.browser.js';
