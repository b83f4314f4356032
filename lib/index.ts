/**
 * RxJS operators for OData operations that run long: `createODataClient` for the calls,
 * `asyncOp$` and `createAsyncPoller` for the `202 Accepted` + `Location` status monitors, and the
 * library's errors. The public API: explicit named exports, nothing else is public.
 *
 * @module rxjs-odata-async
 */

export { createODataClient } from './odata/odata-client.js';
export type { ODataClient, ODataRequestInit } from './odata/odata-client.js';
export type { ODataClientConfig, ODataProtocol, CsrfMode } from './odata/client-config.js';
export type { HttpMethod, HttpRequest, HttpResponse, Transport } from './http/http.js';

export type { OperationBuilder, CallOptions } from './odata/operation-builder.js';
export type { RetryOptions, TransientFailure } from './http/retry-policy.js';
export type { ActionResult, ActionRequest } from './odata/action-result.js';
export { edm, isEdmValue } from './odata/edm.js';
export type {
  EdmBuilders,
  EdmValue,
  EdmOf,
  EdmBinary,
  EdmDate,
  EdmDateTime,
  EdmDateTimeOffset,
  EdmDecimal,
  EdmDouble,
  EdmDuration,
  EdmGuid,
  EdmInt64,
  EdmSingle,
  EdmTime,
  EdmTimeOfDay,
} from './odata/edm.js';
export type { ParameterValue } from './odata/literals.js';

export { asyncOp$ } from './lro/async-op.js';
export { createAsyncPoller } from './lro/async-poller.js';
export type { AsyncPoller } from './lro/async-poller.js';
export { resumeAsyncPoller } from './lro/resume-async-poller.js';
export type { AsyncPollerToken } from './lro/poller-token.js';
export { AsyncOpStatus, isTerminalStatus } from './lro/async-op-status.js';
export type { TerminalAsyncOpStatus } from './lro/async-op-status.js';
export type { AsyncOpUpdate } from './lro/async-op-update.js';
export type { AsyncOpOptions, PollIntervalFn } from './lro/async-op-options.js';

export type {
  MonitorDialect,
  FirstAnswer,
  MonitorAnswer,
  ParsedBody,
  ParsedValue,
  UnreadableBody,
  DialectContext,
  StartedBy,
  StatusReading,
  StartOutcome,
  StartDone,
  StartPolling,
  ReadingError,
  PollReading,
  PollUpdate,
  CancelRequest,
} from './lro/dialects/monitor-dialect.js';
export { odataV4Dialect } from './lro/dialects/odata-v4.js';
export { sapGatewayDialect } from './lro/dialects/sap-gateway.js';
export { azureDialect, createAzureDialect } from './lro/dialects/azure.js';
export type { AzureDialectOptions, AzureFinalStateVia } from './lro/dialects/azure.js';
export { graphDialect } from './lro/dialects/graph.js';
export { readStatusBody, statusFromWord } from './lro/dialects/shared/status-body.js';
export type { StatusBodyFields } from './lro/dialects/shared/status-body.js';

export { createOperationTracker } from './lro/tracker/operation-tracker.js';
export type { OperationTracker } from './lro/tracker/operation-tracker.js';
export type { OperationTrackerOptions } from './lro/tracker/tracker-options.js';
export type { TrackedOperation, TrackedState } from './lro/tracker/tracked-operation.js';
export { memoryStorage } from './lro/tracker/tracker-storage.js';
export type { TrackerStorage } from './lro/tracker/tracker-storage.js';
export { soloCoordination, sharedCoordination } from './lro/tracker/tracker-coordination.js';
export type { BroadcastChannelLike, LockManagerLike, TrackerCoordination } from './lro/tracker/tracker-coordination.js';
export type { TrackerWarning, TrackerWarningCode } from './lro/tracker/tracker-warning.js';

export type { ODataError, ODataErrorDetail } from './odata/odata-error.js';
export { parseODataError } from './odata/parse-odata-error.js';

export { ODataAsyncError, isODataAsyncError } from './errors/odata-async-error.js';
export { AsyncOpFailedError, isAsyncOpFailedError } from './errors/async-op-failed-error.js';
export { AsyncOpTimeoutError, isAsyncOpTimeoutError } from './errors/async-op-timeout-error.js';
export type { AsyncOpTimeoutReason } from './errors/async-op-timeout-error.js';
export { ODataHttpError, isODataHttpError } from './errors/odata-http-error.js';
export { ODataProtocolError, isODataProtocolError } from './errors/odata-protocol-error.js';
export { ODataNetworkError, isODataNetworkError } from './errors/odata-network-error.js';
export { LocationNotAllowedError, isLocationNotAllowedError } from './errors/location-not-allowed-error.js';
