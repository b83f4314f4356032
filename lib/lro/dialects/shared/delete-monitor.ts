import type { CancelRequest } from '../monitor-dialect.js';

/** OData §11.6 (and SAP Gateway, Graph): `DELETE` on the status monitor asks the service to cancel. */
export function deleteMonitor(monitor: string): CancelRequest {
  return { method: 'DELETE', url: monitor };
}
