// The public API of rxjs-odata-async: explicit named exports, nothing else is public.

export { createODataClient } from './client/odata-client.js';
export type { ODataClient, ODataRequestInit } from './client/odata-client.js';
export type { ODataClientConfig, ODataProtocol, CsrfMode, ResolvedClientConfig } from './client/client-config.js';
export type { HttpMethod, HttpRequest, HttpResponse, Transport } from './client/http.js';
export type { ServiceRequest } from './client/service-http.js';

export { OperationBuilder } from './actions/operation-builder.js';
export type { ActionResult, RequestInfo } from './actions/action-result.js';
export { edm, isEdmValue } from './actions/edm.js';
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
} from './actions/edm.js';
export type { ParameterValue } from './actions/literals.js';

export { asyncOp$ } from './async-op/async-op.js';
export { createAsyncPoller } from './async-op/async-poller.js';
export type { AsyncPoller } from './async-op/async-poller.js';
export { resumeAsyncPoller } from './async-op/resume-async-poller.js';
export type { AsyncPollerToken } from './async-op/poller-token.js';
export { AsyncOpStatus, isTerminalStatus } from './async-op/async-op-status.js';
export type { TerminalAsyncOpStatus } from './async-op/async-op-status.js';
export type { AsyncOpUpdate } from './async-op/async-op-update.js';
export type { AsyncOpOptions, PollIntervalFn } from './async-op/async-op-options.js';

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
