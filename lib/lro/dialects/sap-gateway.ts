import type { MonitorDialect } from './monitor-dialect.js';
import { deleteMonitor } from './shared/delete-monitor.js';
import { readStatusAnswer } from './shared/read-status-answer.js';
import { startAtLocation } from './shared/start-at-location.js';

/**
 * SAP Gateway (OData v2): a `202 Accepted` names a status entity in `Location` (such as
 * `OperationStatusSet('…')`), read as `{"d": {"Status": "Running", "PercentComplete": 40,
 * "ResultURL": "…"}}` (or bare); `DELETE` on it cancels. The default dialect of a `protocol: 'v2'`
 * client.
 */
export const sapGatewayDialect: MonitorDialect = {
  name: 'sap-gateway',
  recognizes: () => true,
  start: startAtLocation,
  read: (answer, context) => readStatusAnswer(answer, context),
  cancel: deleteMonitor,
};
