// `rxjs-odata-async/angular` for browser bundles (package.json `exports` condition `browser`): the
// same API as index.ts, with the provideODataClient that names no cookie jar (the browser keeps
// the cookies). Listed one by one rather than `export *` from index.ts, whose provider reaches
// the Node jar.
export { httpClientTransport } from './http-client-transport.js';
export type { HttpClientTransportOptions } from './http-client-transport.js';
export { provideODataClient } from './provide-odata-client.browser.js';
export type { ODataClientProviderConfig } from './provide-odata-client.js';
export { ODATA_CLIENT } from './odata-client-token.js';
export { provideOperationTracker } from './provide-operation-tracker.js';
export type { OperationTrackerProviderTokens } from './provide-operation-tracker.js';
export { OPERATION_TRACKER } from './operation-tracker-token.js';
