/**
 * `rxjs-odata-async/angular`: the Angular adapter. Calls and polls go through Angular's
 * `HttpClient` (so interceptors apply), and `provideODataClient(config)` makes the client
 * injectable with `inject(ODATA_CLIENT)`. Needs `@angular/core` and `@angular/common`
 * (optional peer dependencies of the package, used by this entry only).
 *
 * @module rxjs-odata-async/angular
 */
export { httpClientTransport } from './http-client-transport.js';
export type { HttpClientTransportOptions } from './http-client-transport.js';
export { provideODataClient } from './provide-odata-client.js';
export type { ODataClientProviderConfig } from './provide-odata-client.js';
export { ODATA_CLIENT } from './odata-client-token.js';
export { provideOperationTracker } from './provide-operation-tracker.js';
export type { OperationTrackerProviderTokens } from './provide-operation-tracker.js';
export { OPERATION_TRACKER } from './operation-tracker-token.js';
