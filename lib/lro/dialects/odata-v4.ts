import type { MonitorDialect } from './monitor-dialect.js';
import { deleteMonitor } from './shared/delete-monitor.js';
import { readODataCompletion } from './shared/odata-completion.js';
import { readStatusAnswer } from './shared/read-status-answer.js';
import { startAtLocation } from './shared/start-at-location.js';

/**
 * OData v4 (§11.6 asynchronous requests): a `202 Accepted` names its monitor in `Location`; the
 * monitor answers 202 while the operation runs (its `Location` may move), and completes with
 * `200` + `AsyncResult` (4.01) or `200` + `Content-Type: application/http` (4.0), the operation's
 * own response inside. A status body (`{"status": "Running"}` and its kin) is read as well, and
 * `DELETE` on the monitor cancels. The default dialect of a `protocol: 'v4'` client.
 */
export const odataV4Dialect: MonitorDialect = {
  name: 'odata-v4',
  recognizes: () => true,
  start: startAtLocation,
  read: (answer, context) => readODataCompletion(answer, context) ?? readStatusAnswer(answer, context),
  cancel: deleteMonitor,
};
