import { decideAsync } from './async-decision.js';
import { completionForm, odataVersionFor } from './completion.js';
import type { MockContext, MockRequest } from './context.js';
import { v4ErrorBody, v4ErrorReply } from './errors.js';
import { httpMessage } from './http-envelope.js';
import { acceptedHeaders } from './location.js';
import { handleMonitor, type MonitorDialect } from './monitor.js';
import { newToken, type Operation } from './operations.js';
import { fail, ok, type ParseResult } from './parse-result.js';
import { emptyReply, jsonReply, textReply, withHeaders, type HttpReply, type Reply } from './reply.js';
import { parseJsonObject, unknownKey } from './request-body.js';
import type { ResolvedScenario, ScenarioOutcome } from './scenario.js';
import { SCENARIO_QUERY } from './scenario-registry.js';
import { queryValue } from './url-parts.js';
import { parseV4Arguments, parseV4Literal, type V4Literal } from './v4-literal-parser.js';

/** The schema namespace of the mock v4 service. */
export const V4_NAMESPACE = 'Sales';

const ORDERS: ReadonlyMap<string, { readonly Customer: string; readonly Amount: string }> = new Map([
  ['42', { Customer: 'ACME Corp', Amount: '1250.00' }],
  ['43', { Customer: 'Globex', Amount: '80.50' }],
]);

const METADATA = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="${V4_NAMESPACE}" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="Order">
        <Key><PropertyRef Name="ID"/></Key>
        <Property Name="ID" Type="Edm.String" Nullable="false"/>
        <Property Name="Customer" Type="Edm.String"/>
        <Property Name="Amount" Type="Edm.Decimal" Scale="2"/>
        <Property Name="Status" Type="Edm.String"/>
        <Property Name="Comment" Type="Edm.String"/>
      </EntityType>
      <ComplexType Name="SalesReport">
        <Property Name="ReportId" Type="Edm.String"/>
        <Property Name="Year" Type="Edm.Int32"/>
        <Property Name="Region" Type="Edm.String"/>
        <Property Name="Rows" Type="Edm.Int32"/>
        <Property Name="Total" Type="Edm.Decimal" Scale="2"/>
      </ComplexType>
      <ComplexType Name="StatusSummary">
        <Property Name="Year" Type="Edm.Int32"/>
        <Property Name="Region" Type="Edm.String"/>
        <Property Name="Status" Type="Edm.String"/>
        <Property Name="Count" Type="Edm.Int32"/>
      </ComplexType>
      <Action Name="SalesReportGenerate">
        <Parameter Name="Year" Type="Edm.Int32" Nullable="false"/>
        <Parameter Name="Region" Type="Edm.String"/>
        <ReturnType Type="${V4_NAMESPACE}.SalesReport"/>
      </Action>
      <Action Name="Approve" IsBound="true">
        <Parameter Name="order" Type="${V4_NAMESPACE}.Order"/>
        <Parameter Name="Comment" Type="Edm.String"/>
        <ReturnType Type="${V4_NAMESPACE}.Order"/>
      </Action>
      <Function Name="ReportStatusSummary">
        <Parameter Name="Year" Type="Edm.Int32" Nullable="false"/>
        <Parameter Name="Region" Type="Edm.String" Nullable="false"/>
        <ReturnType Type="Collection(${V4_NAMESPACE}.StatusSummary)"/>
      </Function>
      <EntityContainer Name="Container">
        <EntitySet Name="Orders" EntityType="${V4_NAMESPACE}.Order"/>
        <ActionImport Name="SalesReportGenerate" Action="${V4_NAMESPACE}.SalesReportGenerate"/>
        <FunctionImport Name="ReportStatusSummary" Function="${V4_NAMESPACE}.ReportStatusSummary"/>
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`;

/** A path segment `Name` or `Name(args)`. */
interface CallSegment {
  readonly name: string;
  readonly args: string | undefined;
}

function parseCallSegment(segment: string): CallSegment | undefined {
  const match = /^([A-Z_$][\w.]*)(?:\(([\s\S]*)\))?$/i.exec(segment);
  return match ? { name: match[1] ?? '', args: match[2] } : undefined;
}

const notFound = (what: string): HttpReply => v4ErrorReply(404, 'NotFound', `Resource not found for the segment '${what}'`);
const badRequest = (message: string, target?: string): HttpReply => v4ErrorReply(400, 'BadRequest', message, target === undefined ? {} : { target });

function methodCheck(req: MockRequest, ...allowed: string[]): HttpReply | undefined {
  return allowed.includes(req.method)
    ? undefined
    : v4ErrorReply(405, 'MethodNotAllowed', `${req.method} is not allowed here`, { headers: { Allow: allowed.join(', ') } });
}

/**
 * The OData v4 service below `/odata/v4/sales/`:
 * - `GET ` (service document), `GET $metadata`
 * - `POST SalesReportGenerate` (unbound action, body `{"Year": 2024, "Region"?: "EMEA"}`)
 * - `POST Orders('42')/Sales.Approve` (bound action, body `{"Comment"?: "ok"}`), `GET Orders`, `GET Orders('42')`
 * - `GET ReportStatusSummary(Year=2024,Region='EMEA')` (function; parameter aliases work)
 * - `GET EchoLiterals(a=...,b=...)` (echoes each literal's type and value)
 * - `GET|DELETE $monitor/<id>` (status monitor)
 */
export function handleV4(req: MockRequest, ctx: MockContext): Reply {
  const [first, ...rest] = req.segments;
  if (first === undefined) return methodCheck(req, 'GET', 'HEAD') ?? serviceDocument();
  if (first === '$metadata' && rest.length === 0) {
    return methodCheck(req, 'GET', 'HEAD') ?? textReply(200, 'application/xml', METADATA, { 'OData-Version': '4.0' });
  }
  if (first === '$monitor' && rest.length === 1) {
    return handleMonitor(ctx.operations.find('v4', rest[0] ?? ''), req, ctx, v4Dialect(ctx));
  }
  const call = parseCallSegment(first);
  if (call === undefined) return notFound(first);
  if (call.name === 'Orders') return orders(call, rest, req, ctx);
  if (rest.length > 0) return notFound(rest.join('/'));
  switch (call.name) {
    case 'SalesReportGenerate':
      return call.args === undefined ? salesReportGenerate(req, ctx) : notFound(first);
    case 'ReportStatusSummary':
      return call.args === undefined
        ? badRequest('ReportStatusSummary is a function: call it with (Year=..,Region=..)')
        : reportStatusSummary(call.args, req, ctx);
    case 'EchoLiterals':
      return echoLiterals(call.args ?? '', req);
    default:
      return notFound(first);
  }
}

function serviceDocument(): HttpReply {
  return jsonReply(
    200,
    {
      '@odata.context': '$metadata',
      value: [
        { name: 'Orders', kind: 'EntitySet', url: 'Orders' },
        { name: 'SalesReportGenerate', kind: 'ActionImport', url: 'SalesReportGenerate' },
        { name: 'ReportStatusSummary', kind: 'FunctionImport', url: 'ReportStatusSummary' },
      ],
    },
    { 'OData-Version': '4.0' },
  );
}

function salesReportGenerate(req: MockRequest, ctx: MockContext): Reply {
  const wrongMethod = methodCheck(req, 'POST');
  if (wrongMethod) return wrongMethod;
  const body = parseJsonObject(req.body, false);
  if (!body.ok) return badRequest(body.error);
  const extra = unknownKey(body.value, ['Year', 'Region']);
  if (extra !== undefined) return badRequest(`SalesReportGenerate has no parameter '${extra}'`, extra);
  const year = body.value['Year'];
  const region = body.value['Region'];
  if (year === undefined) return badRequest("The parameter 'Year' is missing", 'Year');
  if (typeof year !== 'number' || !Number.isInteger(year)) return badRequest("The parameter 'Year' must be an Edm.Int32", 'Year');
  if (region !== undefined && region !== null && typeof region !== 'string') {
    return badRequest("The parameter 'Region' must be an Edm.String", 'Region');
  }
  const report = (id: string): unknown => ({
    '@odata.context': `$metadata#${V4_NAMESPACE}.SalesReport`,
    ReportId: id,
    Year: year,
    Region: typeof region === 'string' ? region : 'ALL',
    Rows: 3,
    Total: 1234.5,
  });
  return respond(req, ctx, report);
}

function orders(call: CallSegment, rest: readonly string[], req: MockRequest, ctx: MockContext): Reply {
  if (call.args === undefined) {
    if (rest.length > 0) return notFound(rest.join('/'));
    return (
      methodCheck(req, 'GET', 'HEAD') ??
      jsonReply(200, { '@odata.context': '$metadata#Orders', value: [...ORDERS.keys()].map((id) => orderEntity(id)) }, { 'OData-Version': '4.0' })
    );
  }
  const key = orderKey(call.args);
  if (!key.ok) return badRequest(key.error);
  if (!ORDERS.has(key.value)) return v4ErrorReply(404, 'NotFound', `No order with key '${key.value}'`);
  if (rest.length === 0) return methodCheck(req, 'GET', 'HEAD') ?? jsonReply(200, orderEntity(key.value), { 'OData-Version': '4.0' });
  if (rest.length > 1 || rest[0] !== `${V4_NAMESPACE}.Approve`) return notFound(rest.join('/'));
  const wrongMethod = methodCheck(req, 'POST');
  if (wrongMethod) return wrongMethod;
  const body = parseJsonObject(req.body, true);
  if (!body.ok) return badRequest(body.error);
  const extra = unknownKey(body.value, ['Comment']);
  if (extra !== undefined) return badRequest(`Approve has no parameter '${extra}' (the binding parameter is in the URL)`, extra);
  const comment = body.value['Comment'];
  if (comment !== undefined && comment !== null && typeof comment !== 'string') {
    return badRequest("The parameter 'Comment' must be an Edm.String", 'Comment');
  }
  const id = key.value;
  return respond(req, ctx, () => ({ ...orderEntity(id), Status: 'Approved', Comment: comment ?? null }));
}

// Orders('42') and Orders(ID='42') both name the order; the key is an Edm.String.
function orderKey(args: string): ParseResult<string> {
  const named = /^ID=([\s\S]*)$/.exec(args);
  const literal = parseV4Literal(named ? (named[1] ?? '') : args);
  if (!literal.ok) return literal;
  return literal.value.type === 'Edm.String' && typeof literal.value.value === 'string'
    ? ok(literal.value.value)
    : fail(`The key of Orders is an Edm.String: write Orders('${String(literal.value.value)}')`);
}

function orderEntity(id: string): Record<string, unknown> {
  const order = ORDERS.get(id);
  return { '@odata.context': '$metadata#Orders/$entity', ID: id, Customer: order?.Customer, Amount: order?.Amount, Status: 'Open', Comment: null };
}

/** Resolves function arguments, following `@alias` references into the query string. */
function resolveArguments(args: string, req: MockRequest): ParseResult<Map<string, V4Literal>> {
  const parsed = parseV4Arguments(args);
  if (!parsed.ok) return parsed;
  const values = new Map<string, V4Literal>();
  for (const { name, literal } of parsed.value) {
    const text = literal.startsWith('@') ? queryValue(req.query, literal) : literal;
    if (text === undefined) return fail(`The parameter alias ${literal} has no value in the query string`);
    const value = parseV4Literal(text);
    if (!value.ok) return fail(`Parameter ${name}: ${value.error}`);
    values.set(name, value.value);
  }
  return ok(values);
}

function reportStatusSummary(args: string, req: MockRequest, ctx: MockContext): Reply {
  const wrongMethod = methodCheck(req, 'GET');
  if (wrongMethod) return wrongMethod;
  const values = resolveArguments(args, req);
  if (!values.ok) return badRequest(values.error);
  for (const name of values.value.keys()) {
    if (name !== 'Year' && name !== 'Region') return badRequest(`ReportStatusSummary has no parameter '${name}'`, name);
  }
  const year = values.value.get('Year');
  const region = values.value.get('Region');
  if (year?.type !== 'Edm.Int32') return badRequest("The parameter 'Year' is required and must be an Edm.Int32 (Year=2024)", 'Year');
  if (region?.type !== 'Edm.String') return badRequest("The parameter 'Region' is required and must be an Edm.String (Region='EMEA')", 'Region');
  return respond(req, ctx, () => ({
    '@odata.context': `$metadata#Collection(${V4_NAMESPACE}.StatusSummary)`,
    value: [
      { Year: year.value, Region: region.value, Status: 'Ready', Count: 3 },
      { Year: year.value, Region: region.value, Status: 'Running', Count: 1 },
    ],
  }));
}

/**
 * `GET EchoLiterals(a=1,b='x')`: `{"@odata.context":"$metadata#Edm.Untyped","value":{"a":{"type":"Edm.Int32","value":1},...}}`.
 */
function echoLiterals(args: string, req: MockRequest): Reply {
  const wrongMethod = methodCheck(req, 'GET');
  if (wrongMethod) return wrongMethod;
  const values = resolveArguments(args, req);
  if (!values.ok) return badRequest(values.error);
  const echo: Record<string, V4Literal> = {};
  for (const [name, literal] of values.value) echo[name] = literal;
  return jsonReply(200, { '@odata.context': '$metadata#Edm.Untyped', value: echo }, { 'OData-Version': '4.0' });
}

/** The synchronous answer to an operation: its outcome right away. */
interface OutcomeResponse {
  readonly status: number;
  readonly body: string | undefined;
}

function outcomeResponse(outcome: ScenarioOutcome, s: ResolvedScenario, result: unknown): OutcomeResponse {
  switch (outcome) {
    case 'Succeeded':
      return result === null ? { status: 204, body: undefined } : { status: 200, body: JSON.stringify(result) };
    case 'Failed':
      return { status: s.errorStatus, body: JSON.stringify(v4ErrorBody(s.error.code, s.error.message)) };
    case 'Cancelled':
      // PROTOCOL item 6: cancelled by the service itself is an embedded 5xx.
      return { status: 503, body: JSON.stringify(v4ErrorBody('Cancelled', 'The operation was cancelled by the service')) };
  }
}

function outcomeReply(response: OutcomeResponse, version: string): HttpReply {
  const headers = { 'OData-Version': version };
  return response.body === undefined
    ? emptyReply(response.status, headers)
    : textReply(response.status, 'application/json;charset=utf-8', response.body, headers);
}

/** Answers an action or function: synchronously, after `Prefer: wait`, or with a 202. */
function respond(req: MockRequest, ctx: MockContext, result: (id: string) => unknown): Reply {
  const selection = ctx.scenarios.select(req.headers, queryValue(req.query, SCENARIO_QUERY));
  if (!selection.ok) return badRequest(selection.error);
  const { name, scenario: s } = selection.value;
  const version = odataVersionFor(req.headers);
  const syncReply = (): HttpReply => {
    const payload = s.result !== undefined ? s.result : result(newToken());
    return outcomeReply(outcomeResponse(s.outcome, s, payload), version);
  };
  const decision = decideAsync(req.headers['prefer'], s);
  if (decision.kind === 'sync') return syncReply();
  if (decision.kind === 'sync-after') return { kind: 'delay', ms: decision.ms, then: syncReply };
  const op = ctx.operations.create({
    service: 'v4',
    scenarioName: name,
    scenario: s,
    result: (id) => (s.result !== undefined ? s.result : result(id)),
    monitorPath: (token) => `${ctx.paths.v4}$monitor/${token}`,
    completion: completionForm(s.completion, req.headers),
    odataVersion: version,
    now: ctx.now(),
  });
  return emptyReply(202, { ...acceptedHeaders(op, req, ctx), 'Preference-Applied': 'respond-async', 'OData-Version': version });
}

/** The completion answer of a finished v4 operation, in its 4.01 or 4.0 form. */
function completionReply(op: Operation): HttpReply {
  // Only called once the operation has ended; 'Running' cannot reach here.
  const inner = outcomeResponse(op.state === 'Running' ? 'Succeeded' : op.state, op.scenario, op.result);
  if (op.completion === 'asyncresult') {
    const reply = outcomeReply(inner, op.odataVersion);
    return { ...withHeaders(reply, { AsyncResult: String(inner.status) }), status: 200 };
  }
  const innerHeaders: Record<string, string> = { 'OData-Version': op.odataVersion };
  if (inner.body !== undefined) innerHeaders['Content-Type'] = 'application/json;charset=utf-8';
  return textReply(200, 'application/http', httpMessage(inner.status, innerHeaders, inner.body ?? ''), {
    'Content-Encoding': 'binary',
    'OData-Version': op.odataVersion,
  });
}

function v4Dialect(ctx: MockContext): MonitorDialect {
  return {
    errorReply: v4ErrorReply,
    running(op, poll, req) {
      if (op.scenario.changingLocation) ctx.operations.moveMonitor(op);
      const headers = { ...acceptedHeaders(op, req, ctx), 'OData-Version': op.odataVersion };
      // A v4 monitor needs no body while running; one is sent only when the scenario sets progress.
      return poll.explicitProgress ? jsonReply(202, { status: 'Running', percentComplete: poll.progress }, headers) : emptyReply(202, headers);
    },
    terminal: (op) => completionReply(op),
    accepted: (cancelOp, req) => emptyReply(202, { ...acceptedHeaders(cancelOp, req, ctx), 'OData-Version': cancelOp.odataVersion }),
  };
}
