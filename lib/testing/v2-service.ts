import { decideAsync } from './async-decision.js';
import type { MockContext, MockRequest } from './context.js';
import { sapErrorReply } from './errors.js';
import { acceptedHeaders, retryAfterHeader } from './location.js';
import { handleMonitor, type MonitorDialect } from './monitor.js';
import type { PollOutcome } from './operation-progress.js';
import { newToken, type Operation, type OperationState } from './operations.js';
import { fail, ok, type ParseResult } from './parse-result.js';
import { emptyReply, jsonReply, textReply, type HttpReply, type Reply } from './reply.js';
import { parseSapLiteral, type SapLiteral } from './sap-literal-parser.js';
import type { ResolvedScenario } from './scenario.js';
import { SCENARIO_QUERY } from './scenario-registry.js';
import { queryValue } from './url-parts.js';

/** SAP message codes the mock uses (shaped like Gateway's own). */
const CODE = {
  literal: '/IWBEP/CM_MGW_RT/020',
  notFound: '/IWBEP/CM_MGW_RT/021',
  method: '/IWBEP/CM_MGW_RT/004',
  csrf: '/IWFND/CM_BEC/026',
  badRequest: '/IWBEP/CM_MGW_RT/022',
} as const;

const VERSION = { DataServiceVersion: '2.0' } as const;

const METADATA = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">
  <edmx:DataServices m:DataServiceVersion="2.0">
    <Schema Namespace="ZSALES_SRV" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">
      <EntityType Name="Report"><Key><PropertyRef Name="ReportId"/></Key>
        <Property Name="ReportId" Type="Edm.String" Nullable="false"/><Property Name="Year" Type="Edm.Int32"/>
        <Property Name="Rows" Type="Edm.Int32"/><Property Name="Total" Type="Edm.Decimal" Precision="15" Scale="2"/>
      </EntityType>
      <EntityType Name="OperationStatus"><Key><PropertyRef Name="OperationId"/></Key>
        <Property Name="OperationId" Type="Edm.String" Nullable="false"/><Property Name="Status" Type="Edm.String"/>
        <Property Name="PercentComplete" Type="Edm.Int32"/><Property Name="ResultURL" Type="Edm.String"/>
        <Property Name="Message" Type="Edm.String"/><Property Name="ErrorCode" Type="Edm.String"/>
      </EntityType>
      <EntityContainer Name="ZSALES_SRV_Entities" m:IsDefaultEntityContainer="true">
        <EntitySet Name="Reports" EntityType="ZSALES_SRV.Report"/>
        <EntitySet Name="OperationStatusSet" EntityType="ZSALES_SRV.OperationStatus"/>
        <FunctionImport Name="SalesReportGenerate" ReturnType="ZSALES_SRV.Report" EntitySet="Reports" m:HttpMethod="POST">
          <Parameter Name="Year" Type="Edm.Int32" Mode="In"/><Parameter Name="Region" Type="Edm.String" Mode="In" Nullable="true"/>
        </FunctionImport>
        <FunctionImport Name="GetReportStatus" ReturnType="Edm.String" m:HttpMethod="GET">
          <Parameter Name="ReportId" Type="Edm.String" Mode="In"/>
        </FunctionImport>
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`;

/** The report every server has, so `Reports('42')` works before any operation ran. */
const FIXED_REPORT_ID = '42';

const notFound = (what: string): HttpReply => sapErrorReply(404, CODE.notFound, `Resource not found for segment '${what}'`);
const badRequest = (code: string, message: string, target = ''): HttpReply => sapErrorReply(400, code, message, { target });

function methodCheck(req: MockRequest, ...allowed: string[]): HttpReply | undefined {
  return allowed.includes(req.method)
    ? undefined
    : sapErrorReply(405, CODE.method, `Method ${req.method} is not allowed for this resource`, { headers: { Allow: allowed.join(', ') } });
}

/** `GET <root without slash>`: SAP systems redirect to the root with its slash (PROTOCOL, SAP CSRF item 4). */
export function v2RootRedirect(ctx: MockContext, rawQuery: string): HttpReply {
  return emptyReply(301, { Location: `${ctx.origin}${ctx.paths.v2}${rawQuery === '' ? '' : `?${rawQuery}`}` });
}

/**
 * The SAP Gateway OData v2 service below `/sap/opu/odata/sap/ZSALES_SRV/`:
 * - `GET|HEAD ` service document; with `X-CSRF-Token: Fetch` it issues a token and cookies
 * - `GET $metadata`
 * - `POST SalesReportGenerate?Year=2024[&Region='EMEA']` (function import; 202 with `Prefer: respond-async`)
 * - `GET GetReportStatus?ReportId='42'` (primitive result `{"d":{"GetReportStatus":"Succeeded"}}`)
 * - `GET EchoLiterals?A=<literal>&B=...` (echoes `{"d":{"EchoLiterals":{"A":{"type","value","literal"}}}}`)
 * - `GET|DELETE OperationStatusSet('<id>')` (status entity; the monitor)
 * - `GET Reports` (collection `{"d":{"results":[..]}}`), `GET Reports('<id>')` (entity `{"d":{..}}`)
 * Every request other than GET/HEAD needs a valid CSRF token and its session cookie.
 */
export function handleV2(req: MockRequest, ctx: MockContext): Reply {
  if (req.method !== 'GET' && req.method !== 'HEAD' && !ctx.csrf.isValid(req.headers['x-csrf-token'], req.headers['cookie'])) {
    return sapErrorReply(403, CODE.csrf, 'CSRF token validation failed', { headers: { 'X-CSRF-Token': 'Required' } });
  }
  const [first, ...rest] = req.segments;
  if (first === undefined) return methodCheck(req, 'GET', 'HEAD') ?? serviceDocument(req, ctx);
  if (rest.length > 0) return notFound(req.segments.join('/'));
  if (first === '$metadata') return methodCheck(req, 'GET', 'HEAD') ?? textReply(200, 'application/xml', METADATA, VERSION);
  const match = /^([A-Z_]\w*)(?:\(([\s\S]*)\))?$/i.exec(first);
  const name = match?.[1];
  const key = match?.[2];
  if (name === 'OperationStatusSet' && key !== undefined) {
    const id = stringKey(key);
    if (!id.ok) return badRequest(CODE.literal, id.error);
    return handleMonitor(ctx.operations.find('v2', id.value), req, ctx, v2Dialect(ctx));
  }
  if (name === 'Reports') return key === undefined ? reports(req, ctx) : report(key, req, ctx);
  if (key !== undefined) return notFound(first);
  switch (name) {
    case 'SalesReportGenerate':
      return salesReportGenerate(req, ctx);
    case 'GetReportStatus':
      return getReportStatus(req, ctx);
    case 'EchoLiterals':
      return echoLiterals(req);
    default:
      return notFound(first);
  }
}

function serviceDocument(req: MockRequest, ctx: MockContext): HttpReply {
  const headers: Record<string, string | readonly string[]> = { ...VERSION };
  if (req.headers['x-csrf-token']?.toLowerCase() === 'fetch') {
    const issued = ctx.csrf.issue(req.headers['cookie']);
    headers['X-CSRF-Token'] = issued.token;
    headers['Set-Cookie'] = issued.setCookie;
  }
  return jsonReply(200, { d: { EntitySets: ['Reports', 'OperationStatusSet'] } }, headers);
}

function stringKey(key: string): ParseResult<string> {
  const literal = parseSapLiteral(key);
  if (!literal.ok) return literal;
  return literal.value.type === 'Edm.String' && typeof literal.value.value === 'string'
    ? ok(literal.value.value)
    : fail(`The key ${key} must be an Edm.String literal ('…')`);
}

// Query parameters that are not function import parameters.
const isReserved = (name: string): boolean => name.startsWith('$') || name.startsWith('sap-') || name === SCENARIO_QUERY;

interface ParsedParameter {
  readonly literal: string;
  readonly parsed: SapLiteral;
}

/** Parses every function import parameter in the query string strictly. */
function functionParameters(req: MockRequest): ParseResult<Map<string, ParsedParameter>> {
  const params = new Map<string, ParsedParameter>();
  for (const { name, value } of req.query) {
    if (isReserved(name)) continue;
    if (params.has(name)) return fail(`Parameter ${name} is given twice`);
    const parsed = parseSapLiteral(value);
    if (!parsed.ok) return fail(`Invalid value for parameter '${name}': ${parsed.error}`);
    params.set(name, { literal: value, parsed: parsed.value });
  }
  return ok(params);
}

function checkParameters(
  req: MockRequest,
  spec: Readonly<Record<string, { readonly type: SapLiteral['type']; readonly required: boolean }>>,
): ParseResult<Map<string, ParsedParameter>> {
  const params = functionParameters(req);
  if (!params.ok) return params;
  for (const [name, param] of params.value) {
    const expected = spec[name];
    if (expected === undefined) return fail(`The function import has no parameter '${name}'`);
    if (param.parsed.type !== expected.type && !(param.parsed.type === 'Null' && !expected.required)) {
      return fail(`Parameter '${name}' must be an ${expected.type} literal, not ${param.literal}`);
    }
  }
  for (const [name, expected] of Object.entries(spec)) {
    if (expected.required && !params.value.has(name)) return fail(`The mandatory parameter '${name}' is missing`);
  }
  return params;
}

function reportEntity(ctx: MockContext, id: string, year: number): Record<string, unknown> {
  const uri = `${ctx.origin}${ctx.paths.v2}Reports('${id}')`;
  return { __metadata: { id: uri, uri, type: 'ZSALES_SRV.Report' }, ReportId: id, Year: year, Rows: 3, Total: '1234.50' };
}

function salesReportGenerate(req: MockRequest, ctx: MockContext): Reply {
  const wrongMethod = methodCheck(req, 'POST');
  if (wrongMethod) return wrongMethod;
  const params = checkParameters(req, { Year: { type: 'Edm.Int32', required: true }, Region: { type: 'Edm.String', required: false } });
  if (!params.ok) return badRequest(CODE.literal, params.error);
  const year = params.value.get('Year')?.parsed.value;
  const selection = ctx.scenarios.select(req.headers, queryValue(req.query, SCENARIO_QUERY));
  if (!selection.ok) return badRequest(CODE.badRequest, selection.error);
  const { name, scenario: s } = selection.value;
  const result = (id: string): unknown => (s.result !== undefined ? s.result : reportEntity(ctx, id, typeof year === 'number' ? year : 0));
  const syncReply = (): HttpReply => outcomeReply(s, result(newToken()));
  const decision = decideAsync(req.headers['prefer'], s);
  if (decision.kind === 'sync') return syncReply();
  if (decision.kind === 'sync-after') return { kind: 'delay', ms: decision.ms, then: syncReply };
  const op = ctx.operations.create({
    service: 'v2',
    scenarioName: name,
    scenario: s,
    result,
    monitorPath: (token) => `${ctx.paths.v2}OperationStatusSet('${token}')`,
    now: ctx.now(),
  });
  return emptyReply(202, { ...acceptedHeaders(op, req, ctx), 'Preference-Applied': 'respond-async', ...VERSION });
}

function outcomeReply(s: ResolvedScenario, result: unknown): HttpReply {
  switch (s.outcome) {
    case 'Succeeded':
      return jsonReply(200, { d: result }, VERSION);
    case 'Failed':
      return sapErrorReply(s.errorStatus, s.error.code, s.error.message);
    case 'Cancelled':
      return sapErrorReply(503, 'CANCELLED', 'The operation was cancelled by the service');
  }
}

function getReportStatus(req: MockRequest, ctx: MockContext): Reply {
  const wrongMethod = methodCheck(req, 'GET', 'HEAD');
  if (wrongMethod) return wrongMethod;
  const params = checkParameters(req, { ReportId: { type: 'Edm.String', required: true } });
  if (!params.ok) return badRequest(CODE.literal, params.error);
  const id = params.value.get('ReportId')?.parsed.value;
  const state: OperationState | undefined = id === FIXED_REPORT_ID ? 'Succeeded' : ctx.operations.ofService('v2').find((op) => op.id === id)?.state;
  if (state === undefined) return sapErrorReply(404, CODE.notFound, `No report '${String(id)}'`);
  return jsonReply(200, { d: { GetReportStatus: state } }, VERSION);
}

function echoLiterals(req: MockRequest): Reply {
  const wrongMethod = methodCheck(req, 'GET', 'HEAD');
  if (wrongMethod) return wrongMethod;
  const params = functionParameters(req);
  if (!params.ok) return badRequest(CODE.literal, params.error);
  const echo: Record<string, unknown> = {};
  for (const [name, { literal, parsed }] of params.value) echo[name] = { ...parsed, literal };
  return jsonReply(200, { d: { EchoLiterals: echo } }, VERSION);
}

function finishedReports(ctx: MockContext): Operation[] {
  return ctx.operations.ofService('v2').filter((op) => op.kind === 'operation' && op.state === 'Succeeded');
}

function reports(req: MockRequest, ctx: MockContext): Reply {
  const wrongMethod = methodCheck(req, 'GET', 'HEAD');
  if (wrongMethod) return wrongMethod;
  const results = [reportEntity(ctx, FIXED_REPORT_ID, 2024), ...finishedReports(ctx).map((op) => op.result)];
  return jsonReply(200, { d: { results } }, VERSION);
}

function report(key: string, req: MockRequest, ctx: MockContext): Reply {
  const wrongMethod = methodCheck(req, 'GET', 'HEAD');
  if (wrongMethod) return wrongMethod;
  const id = stringKey(key);
  if (!id.ok) return badRequest(CODE.literal, id.error);
  if (id.value === FIXED_REPORT_ID) return jsonReply(200, { d: reportEntity(ctx, FIXED_REPORT_ID, 2024) }, VERSION);
  const op = finishedReports(ctx).find((o) => o.id === id.value);
  return op === undefined ? sapErrorReply(404, CODE.notFound, `No report '${id.value}'`) : jsonReply(200, { d: op.result }, VERSION);
}

function statusEntity(op: Operation, poll: PollOutcome, ctx: MockContext): Record<string, unknown> {
  const uri = `${ctx.origin}${ctx.paths.v2}OperationStatusSet('${op.id}')`;
  const entity: Record<string, unknown> = {
    __metadata: { id: uri, uri, type: 'ZSALES_SRV.OperationStatus' },
    OperationId: op.id,
    Status: poll.state,
    PercentComplete: poll.progress ?? 0,
  };
  if (poll.state === 'Succeeded' && op.result !== null) entity['ResultURL'] = `${ctx.paths.v2}Reports('${op.id}')`;
  if (poll.state === 'Failed') {
    entity['Message'] = op.scenario.error.message;
    entity['ErrorCode'] = op.scenario.error.code;
  }
  if (poll.state === 'Cancelled') entity['Message'] = 'The operation was cancelled by the service';
  return entity;
}

function v2Dialect(ctx: MockContext): MonitorDialect {
  return {
    errorReply: sapErrorReply,
    running: (op, poll) => jsonReply(200, { d: statusEntity(op, poll, ctx) }, { ...retryAfterHeader(op, ctx), ...VERSION }),
    terminal: (op, poll) => jsonReply(200, { d: statusEntity(op, poll, ctx) }, VERSION),
    accepted: (cancelOp, req) => emptyReply(202, { ...acceptedHeaders(cancelOp, req, ctx), ...VERSION }),
  };
}
