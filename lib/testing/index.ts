/**
 * `rxjs-odata-async/testing`: an embedded mock OData server for tests (Node only).
 * It serves an OData v4 service, a SAP Gateway v2 service with CSRF, and Azure/Graph style
 * monitors, whose long-running operations follow named or inline scenarios.
 *
 * @module rxjs-odata-async/testing
 */
export { startMockODataServer } from './mock-server.js';
export type { MockODataServer, MockServerOptions } from './mock-server.js';
export type { StaticFile, StaticFiles } from './static-files.js';
export type { Fault, FaultKind, ResolvedScenario, Scenario, ScenarioOutcome } from './scenario.js';
export type { AzureMonitorStyle, AzureScenario, ResolvedAzureScenario } from './azure-scenario.js';
export { BUILT_IN_SCENARIOS } from './built-in-scenarios.js';
export type { LoggedRequest, RequestFilter } from './request-log.js';
export type { OperationInfo, OperationService, OperationState } from './operations.js';
// The shapes of the EchoLiterals answers, for tests that read them.
export type { SapLiteral, SapLiteralType } from './sap-literal-parser.js';
export type { V4Literal, V4LiteralType } from './v4-literal-parser.js';
