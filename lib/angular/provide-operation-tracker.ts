import { DestroyRef, inject, makeEnvironmentProviders, type EnvironmentProviders, type InjectionToken } from '@angular/core';
import type { ODataClient } from '../odata/odata-client.js';
import { createOperationTracker, type OperationTracker } from '../lro/tracker/operation-tracker.js';
import type { OperationTrackerOptions } from '../lro/tracker/tracker-options.js';
import { ODATA_CLIENT } from './odata-client-token.js';
import { OPERATION_TRACKER } from './operation-tracker-token.js';

/** Where {@link provideOperationTracker} takes its client from and puts its tracker. */
export interface OperationTrackerProviderTokens {
  /** The client the tracker polls with. @default ODATA_CLIENT */
  readonly client?: InjectionToken<ODataClient>;
  /** Where the tracker is provided. @default OPERATION_TRACKER */
  readonly tracker?: InjectionToken<OperationTracker>;
}

/**
 * Provides an operation tracker on the app's OData client (`provideODataClient`), so that every
 * component and service sees the same list of operations: inject it with
 * `inject(OPERATION_TRACKER)`. It is created on first injection, restores what its `storage`
 * holds, and is closed with its injector (its locks go to another tab).
 *
 * `options` may be a function, run in the injection context when the tracker is created: the
 * place to pick `localStorage` only in a browser, or to inject what the options need.
 *
 * @example
 * bootstrapApplication(AppComponent, {
 *   providers: [
 *     provideHttpClient(),
 *     provideODataClient({ serviceRoot: 'https://host/sap/opu/odata/sap/ZSALES_SRV/', protocol: 'v2' }),
 *     provideOperationTracker(() => ({ storage: localStorage, pollOptions: { pollInterval: 3000 } })),
 *   ],
 * });
 *
 * @param options The tracker's options, or a function that gives them.
 * @param tokens Where the client comes from and where the tracker goes (defaults: `ODATA_CLIENT`, `OPERATION_TRACKER`).
 * @return Environment providers for `bootstrapApplication`, `ApplicationConfig` or a route's `providers`.
 */
export function provideOperationTracker(
  options: OperationTrackerOptions | (() => OperationTrackerOptions) = {},
  tokens: OperationTrackerProviderTokens = {},
): EnvironmentProviders {
  return makeEnvironmentProviders([
    {
      provide: tokens.tracker ?? OPERATION_TRACKER,
      useFactory: (): OperationTracker => {
        const client = inject(tokens.client ?? ODATA_CLIENT, { optional: true });
        if (client === null) throw new TypeError('provideOperationTracker: no OData client here; add provideODataClient(...) to the same providers');
        const tracker = createOperationTracker(client, typeof options === 'function' ? options() : options);
        inject(DestroyRef).onDestroy(() => {
          tracker.close();
        });
        return tracker;
      },
    },
  ]);
}
