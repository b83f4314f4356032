import type { MonitorDialect } from './monitor-dialect.js';
import { deleteMonitor } from './shared/delete-monitor.js';
import { readStatusAnswer } from './shared/read-status-answer.js';
import { startAtLocation } from './shared/start-at-location.js';

/**
 * Microsoft Graph: a `202 Accepted` names its monitor in `Location`; the monitor's status body
 * decides, whatever the HTTP code (a copy monitor answers 202 even when done:
 * `{"status": "completed", "percentageComplete": 100}`), and `resourceLocation` says where the
 * result is.
 */
export const graphDialect: MonitorDialect = {
  name: 'graph',
  recognizes: () => true,
  start: startAtLocation,
  read: (answer, context) => readStatusAnswer(answer, context),
  cancel: deleteMonitor,
};
