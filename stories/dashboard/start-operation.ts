import { map, type Observable } from 'rxjs';
import { createAsyncPoller, type AsyncOpOptions, type AsyncPoller, type ODataClient } from 'rxjs-odata-async';
import type { OperationSpec } from './operations.js';

/**
 * Calls `SalesReportGenerate` (the 202 names the status monitor) and makes the operation's
 * poller, with its own `maxPolls`, for the tracker to follow. Cold: nothing is sent before subscribe.
 */
export function startOperation(client: ODataClient, spec: OperationSpec, options: AsyncOpOptions): Observable<AsyncPoller> {
  return client
    .request({
      method: 'POST',
      path: 'SalesReportGenerate',
      body: { Year: spec.year, ...(spec.region === undefined ? {} : { Region: spec.region }) },
      headers: { 'X-Mock-Scenario': spec.scenario },
    })
    .pipe(
      map((result) => {
        const location = result.location();
        if (!result.isAsync() || location === undefined) {
          throw new Error(`SalesReportGenerate answered ${result.status} without a status monitor`);
        }
        return createAsyncPoller(client, location, { ...options, maxPolls: spec.maxPolls });
      }),
    );
}
