import fc from 'fast-check';
import type { AsyncOpStatus } from '../../../lib/lro/async-op-status.js';
import { interpretPollResponse, type PollContext, type PollOutcome } from '../support/interpret.js';
import type { AsyncOpUpdate } from '../../../lib/lro/async-op-update.js';
import type { HttpResponse } from '../../../lib/http/http.js';
import { ODataHttpError } from '../../../lib/errors/odata-http-error.js';
import { ODataProtocolError } from '../../../lib/errors/odata-protocol-error.js';

const MONITOR = 'https://host/sap/opu/odata/sap/MY_SRV/OperationStatusSet(guid)';
const NOW = Date.UTC(2024, 0, 31, 10, 0, 0);
const ctx: PollContext = { poll: 3, location: MONITOR, nowMs: NOW, maxRetryAfterMs: 300_000 };
const JSON_TYPE = { 'content-type': 'application/json' };

function res(status: number, body: unknown = '', headers: Record<string, string> = {}): HttpResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers: typeof body === 'string' ? headers : { ...JSON_TYPE, ...headers }, body: text };
}

function update(outcome: PollOutcome): AsyncOpUpdate {
  if (outcome.kind !== 'update') throw new Error(`expected an update, got ${outcome.kind}: ${outcome.kind === 'error' ? outcome.error.message : ''}`);
  return outcome.update;
}

function error(outcome: PollOutcome): ODataHttpError | ODataProtocolError {
  if (outcome.kind !== 'error') throw new Error(`expected an error, got ${outcome.kind}`);
  return outcome.error;
}

function protocolError(outcome: PollOutcome): ODataProtocolError {
  const e = error(outcome);
  if (!(e instanceof ODataProtocolError)) throw new Error(`expected an ODataProtocolError, got ${e.name}`);
  return e;
}

/** The base of every update from `ctx`. */
const at = { poll: 3, location: MONITOR };

const envelope = (inner: string, outerHeaders: Record<string, string> = {}): HttpResponse => ({
  status: 200,
  headers: { 'content-type': 'application/http', ...outerHeaders },
  body: inner,
});

describe('interpretPollResponse', () => {
  describe('transient statuses come first', () => {
    it.each([408, 429, 500, 502, 503, 504])('%d → transient', (status) => {
      expect(interpretPollResponse(res(status, { status: 'Failed' }), ctx)).toStrictEqual({ kind: 'transient', httpStatus: status });
    });

    it('503 with Retry-After seconds', () => {
      expect(interpretPollResponse(res(503, '<html>Service Unavailable</html>', { 'retry-after': '30', 'content-type': 'text/html' }), ctx)).toStrictEqual({
        kind: 'transient',
        httpStatus: 503,
        retryAfterMs: 30_000,
      });
    });

    it('429 with a Retry-After HTTP-date, capped', () => {
      expect(interpretPollResponse(res(429, '', { 'retry-after': 'Wed, 31 Jan 2024 10:00:20 GMT' }), ctx)).toStrictEqual({
        kind: 'transient',
        httpStatus: 429,
        retryAfterMs: 20_000,
      });
      expect(interpretPollResponse(res(429, '', { 'retry-after': '86400' }), ctx)).toStrictEqual({ kind: 'transient', httpStatus: 429, retryAfterMs: 300_000 });
    });

    it('ignores a junk Retry-After', () => {
      expect(interpretPollResponse(res(503, '', { 'retry-after': 'soon' }), ctx)).toStrictEqual({ kind: 'transient', httpStatus: 503 });
    });

    it('even a malformed body does not matter', () => {
      expect(interpretPollResponse(res(502, '{"status":', JSON_TYPE), ctx).kind).toBe('transient');
    });
  });

  describe('rule 1: OData v4 completion with AsyncResult', () => {
    it('200 + AsyncResult: 200 → Succeeded, the body is the result', () => {
      const outcome = interpretPollResponse(res(200, { value: 42 }, { asyncresult: '200', 'retry-after': '1' }), ctx);
      expect(outcome).toStrictEqual({
        kind: 'update',
        update: { ...at, status: 'Succeeded', httpStatus: 200, body: { value: 42 }, retryAfterMs: 1000 },
      });
    });

    it('AsyncResult: 204 with an empty body → Succeeded, httpStatus 204', () => {
      expect(update(interpretPollResponse(res(200, '', { asyncresult: '204' }), ctx))).toStrictEqual({
        ...at,
        status: 'Succeeded',
        httpStatus: 204,
        body: undefined,
      });
    });

    it('AsyncResult: 201 → Succeeded', () => {
      expect(update(interpretPollResponse(res(200, { ID: 1 }, { asyncresult: ' 201 ' }), ctx))).toMatchObject({ status: 'Succeeded', httpStatus: 201 });
    });

    it('the result body is never read as a status body (an entity may have a Status property)', () => {
      const u = update(interpretPollResponse(res(200, { ID: 7, Status: 'Open' }, { asyncresult: '200' }), ctx));
      expect(u).toStrictEqual({ ...at, status: 'Succeeded', httpStatus: 200, body: { ID: 7, Status: 'Open' } });
    });

    it('AsyncResult: 400 with an OData error body → Failed with the error', () => {
      const body = { error: { code: 'BadYear', message: 'Year 1899 is not supported', target: 'Year', details: [] } };
      expect(update(interpretPollResponse(res(200, body, { asyncresult: '400' }), ctx))).toStrictEqual({
        ...at,
        status: 'Failed',
        httpStatus: 400,
        body,
        error: { code: 'BadYear', message: 'Year 1899 is not supported', target: 'Year', details: [] },
      });
    });

    it('AsyncResult: 500 with a text body → Failed without an error', () => {
      expect(update(interpretPollResponse(res(200, 'kaputt', { asyncresult: '500', 'content-type': 'text/plain' }), ctx))).toStrictEqual({
        ...at,
        status: 'Failed',
        httpStatus: 500,
        body: 'kaputt',
      });
    });

    it('AsyncResult: 500 with malformed JSON → Failed with the raw text', () => {
      expect(update(interpretPollResponse(res(200, '{"error":', { asyncresult: '500', ...JSON_TYPE }), ctx))).toMatchObject({
        status: 'Failed',
        httpStatus: 500,
        body: '{"error":',
      });
    });

    it('AsyncResult: 200 with malformed JSON → ODataProtocolError', () => {
      const e = protocolError(interpretPollResponse(res(200, '{"value":', { asyncresult: '200', ...JSON_TYPE }), ctx));
      expect(e.message).toMatch(
        new RegExp(`^The status monitor ${escape(MONITOR)} answered HTTP 200: completed with HTTP 200, but the body is not valid JSON: `),
      );
      expect(e).toMatchObject({ method: 'GET', url: MONITOR, status: 200 });
    });

    it.each(['', 'OK', '20', '2000', '20O', '-200', '200.0', '2 0 0'])(
      'AsyncResult %p that is not a 3-digit number → ODataProtocolError naming it',
      (value) => {
        const e = protocolError(interpretPollResponse(res(200, { value: 1 }, { asyncresult: value }), ctx));
        expect(e.message).toBe(`The status monitor ${MONITOR} answered HTTP 200: AsyncResult ${JSON.stringify(value)} is not a 3-digit HTTP status`);
        expect(e.status).toBe(200);
      },
    );

    it.each(['100', '302', '600', '999'])('AsyncResult %p that is neither 2xx nor 4xx/5xx → ODataProtocolError', (value) => {
      const e = protocolError(interpretPollResponse(res(200, { value: 1 }, { asyncresult: value }), ctx));
      expect(e.message).toBe(`The status monitor ${MONITOR} answered HTTP 200: completed with HTTP ${value}, which is neither 2xx nor 4xx/5xx`);
    });

    it('only on a 200: AsyncResult on a 202 is ignored', () => {
      expect(update(interpretPollResponse(res(202, '', { asyncresult: '200' }), ctx)).status).toBe('Running');
    });

    it('AsyncResult wins over an application/http content type', () => {
      expect(update(interpretPollResponse(res(200, '', { asyncresult: '204', 'content-type': 'application/http' }), ctx))).toMatchObject({
        status: 'Succeeded',
        httpStatus: 204,
      });
    });
  });

  describe('rule 1: OData 4.0 application/http envelope', () => {
    it('embedded 200 with JSON → Succeeded with the embedded status and parsed body', () => {
      const outcome = interpretPollResponse(envelope('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"value":42}'), ctx);
      expect(outcome).toStrictEqual({ kind: 'update', update: { ...at, status: 'Succeeded', httpStatus: 200, body: { value: 42 } } });
    });

    it('with Content-Encoding: binary on the outer response, and LF line ends', () => {
      const outcome = interpretPollResponse(
        envelope('HTTP/1.1 201 Created\nContent-Type: application/json;odata.metadata=minimal\n\n{"ID":1}', { 'content-encoding': 'binary' }),
        ctx,
      );
      expect(update(outcome)).toStrictEqual({ ...at, status: 'Succeeded', httpStatus: 201, body: { ID: 1 } });
    });

    it('with parameters on the outer content type', () => {
      expect(
        update(interpretPollResponse(envelope('HTTP/1.1 204 No Content\r\n\r\n', { 'content-type': 'Application/HTTP; msgtype=response' }), ctx)),
      ).toStrictEqual({
        ...at,
        status: 'Succeeded',
        httpStatus: 204,
        body: undefined,
      });
    });

    it('the embedded body is never read as a status body', () => {
      const u = update(interpretPollResponse(envelope('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"status":"SCHEDULED"}'), ctx));
      expect(u).toMatchObject({ status: 'Succeeded', body: { status: 'SCHEDULED' } });
      expect(u).not.toHaveProperty('rawStatus');
    });

    it('embedded 400 with an OData error → Failed with it', () => {
      const u = update(
        interpretPollResponse(envelope('HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n{"error":{"code":"E1","message":"bad"}}'), ctx),
      );
      expect(u).toStrictEqual({
        ...at,
        status: 'Failed',
        httpStatus: 400,
        body: { error: { code: 'E1', message: 'bad' } },
        error: { code: 'E1', message: 'bad', details: [] },
      });
    });

    it('embedded 5xx (how a service reports that it cancelled the operation) → Failed with the embedded error', () => {
      const u = update(
        interpretPollResponse(
          envelope(
            'HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n\r\n{"error":{"code":"Cancelled","message":"cancelled by the service"}}',
          ),
          ctx,
        ),
      );
      expect(u).toMatchObject({ status: 'Failed', httpStatus: 503, error: { code: 'Cancelled', message: 'cancelled by the service' } });
    });

    it('embedded 500 with malformed JSON → Failed with the raw text', () => {
      expect(update(interpretPollResponse(envelope('HTTP/1.1 500 Oops\r\nContent-Type: application/json\r\n\r\n{"error"'), ctx))).toStrictEqual({
        ...at,
        status: 'Failed',
        httpStatus: 500,
        body: '{"error"',
      });
    });

    it('embedded 200 with malformed JSON → ODataProtocolError', () => {
      const e = protocolError(interpretPollResponse(envelope('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"value"'), ctx));
      expect(e.message).toMatch(/answered HTTP 200: completed with HTTP 200, but the body is not valid JSON: /);
    });

    it('embedded 3xx → ODataProtocolError', () => {
      const e = protocolError(interpretPollResponse(envelope('HTTP/1.1 304 Not Modified\r\n\r\n'), ctx));
      expect(e.message).toBe(`The status monitor ${MONITOR} answered HTTP 200: completed with HTTP 304, which is neither 2xx nor 4xx/5xx`);
    });

    it.each([
      ['a truncated envelope', 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"value":'],
      ['no status line', ''],
      ['not HTTP', '{"value":42}'],
    ])('%s → ODataProtocolError', (_name, body) => {
      const e = protocolError(interpretPollResponse(envelope(body), ctx));
      expect(e.message).toMatch(new RegExp(`^The status monitor ${escape(MONITOR)} answered HTTP 200: the application/http `));
      expect(e).toMatchObject({ method: 'GET', url: MONITOR, status: 200 });
    });

    it('only on a 200: application/http on a 202 is not an envelope', () => {
      expect(update(interpretPollResponse({ status: 202, headers: { 'content-type': 'application/http' }, body: '' }, ctx)).status).toBe('Running');
    });

    it('application/httpx is not an envelope (and its text is no status: never a success)', () => {
      const e = protocolError(interpretPollResponse({ status: 200, headers: { 'content-type': 'application/httpx' }, body: 'x' }, ctx));
      expect(e.message).toBe(`The status monitor ${MONITOR} answered HTTP 200: its body is application/httpx text, not a status ("x")`);
    });
  });

  describe('rule 2: a status body decides, whatever the HTTP status', () => {
    it.each<[string, unknown, Partial<AsyncOpUpdate>]>([
      ['SAP running', { Status: 'Running' }, { status: 'Running', rawStatus: 'Running' }],
      [
        'SAP succeeded with ResultURL',
        { Status: 'Succeeded', ResultURL: "/sap/opu/odata/sap/MY_SRV/Reports('42')" },
        { status: 'Succeeded', rawStatus: 'Succeeded', resultUrl: "/sap/opu/odata/sap/MY_SRV/Reports('42')" },
      ],
      ['SAP v2 d wrapper', { d: { Status: 'Running', PercentComplete: 40 } }, { status: 'Running', rawStatus: 'Running', percentComplete: 40 }],
      ['Azure InProgress', { status: 'InProgress', percentComplete: 42.0 }, { status: 'Running', rawStatus: 'InProgress', percentComplete: 42 }],
      ['Azure Succeeded', { status: 'Succeeded' }, { status: 'Succeeded', rawStatus: 'Succeeded' }],
      [
        'Azure Failed with error',
        { status: 'Failed', error: { code: 'Conflict', message: 'Already running' } },
        { status: 'Failed', rawStatus: 'Failed', error: { code: 'Conflict', message: 'Already running', details: [] } },
      ],
      ['Azure Canceled', { status: 'Canceled' }, { status: 'Cancelled', rawStatus: 'Canceled' }],
      ['Graph copy inProgress', { status: 'inProgress', percentageComplete: 27.8 }, { status: 'Running', rawStatus: 'inProgress', percentComplete: 27.8 }],
      [
        'Graph copy completed',
        { status: 'completed', percentageComplete: 100, resourceId: '01X' },
        { status: 'Succeeded', rawStatus: 'completed', percentComplete: 100 },
      ],
      ['Graph LRO running', { status: 'running' }, { status: 'Running', rawStatus: 'running' }],
      [
        'Graph LRO succeeded',
        { status: 'succeeded', resourceLocation: 'https://graph.microsoft.com/v1.0/sites/1' },
        { status: 'Succeeded', rawStatus: 'succeeded', resultUrl: 'https://graph.microsoft.com/v1.0/sites/1' },
      ],
    ])('%s (on a 200)', (_name, body, expected) => {
      expect(update(interpretPollResponse(res(200, body), ctx))).toStrictEqual({ ...at, httpStatus: 200, body, ...expected });
    });

    it('a Graph monitor that answers 202 with {"status":"completed"} → Succeeded, and no nextLocation', () => {
      const body = { status: 'completed', percentageComplete: 100, resourceId: '01X' };
      const outcome = interpretPollResponse(res(202, body, { location: 'https://host/monitor/2' }), ctx);
      expect(outcome).toStrictEqual({
        kind: 'update',
        update: { ...at, status: 'Succeeded', httpStatus: 202, body, rawStatus: 'completed', percentComplete: 100 },
      });
    });

    it("a Running 202 with a status body still follows the 202's Location and Retry-After", () => {
      const outcome = interpretPollResponse(res(202, { status: 'inProgress', percentageComplete: 10 }, { location: '/monitor/2', 'retry-after': '5' }), ctx);
      expect(outcome).toStrictEqual({
        kind: 'update',
        update: {
          ...at,
          status: 'Running',
          httpStatus: 202,
          body: { status: 'inProgress', percentageComplete: 10 },
          rawStatus: 'inProgress',
          percentComplete: 10,
          retryAfterMs: 5000,
        },
        nextLocation: '/monitor/2',
      });
    });

    it('a Running 200 keeps the Retry-After but has no nextLocation', () => {
      const outcome = interpretPollResponse(res(200, { status: 'running' }, { location: '/elsewhere', 'retry-after': '2' }), ctx);
      expect(outcome).toStrictEqual({
        kind: 'update',
        update: { ...at, status: 'Running', httpStatus: 200, body: { status: 'running' }, rawStatus: 'running', retryAfterMs: 2000 },
      });
    });

    it('a 201 with a status body', () => {
      expect(update(interpretPollResponse(res(201, { state: 'queued' }), ctx))).toMatchObject({ status: 'Running', httpStatus: 201, rawStatus: 'queued' });
    });

    it('a status body on a 501 decides too', () => {
      const body = { status: 'Failed', error: { code: 'E', message: 'm' } };
      expect(update(interpretPollResponse(res(501, body), ctx))).toStrictEqual({
        ...at,
        status: 'Failed',
        httpStatus: 501,
        body,
        rawStatus: 'Failed',
        error: { code: 'E', message: 'm', details: [] },
      });
    });

    it('a Failed status body on a 404 without an error gets the monitor-gone error', () => {
      expect(update(interpretPollResponse(res(404, { status: 'error' }), ctx)).error).toMatchObject({ code: 'MonitorGone' });
    });

    it('a Running status body on a 404 is Failed: the monitor is gone, whatever the body says (rule 4)', () => {
      expect(update(interpretPollResponse(res(404, { status: 'running' }), ctx))).toMatchObject({
        status: 'Failed',
        rawStatus: 'running',
        error: { code: 'MonitorGone' },
      });
    });

    it.each<[number, unknown]>([
      [409, { status: 'Succeeded' }],
      [404, { state: 'done' }],
      [400, { d: { Status: 'Completed' } }],
      [501, { status: 'Canceled' }],
    ])('a %d with a success (or cancel) word is Failed, never Succeeded (rule 4 over rule 2)', (status, body) => {
      expect(update(interpretPollResponse(res(status, body), ctx))).toMatchObject({ status: 'Failed', httpStatus: status });
    });

    it('an empty SAP ErrorCode next to a success is no error (every entity property is serialised)', () => {
      const body = { d: { Status: 'Succeeded', ErrorCode: '', Message: 'Report ready' } };
      expect(update(interpretPollResponse(res(200, body), ctx))).not.toHaveProperty('error');
    });

    it('a status body sent as text/plain is still read (it looks like JSON)', () => {
      expect(update(interpretPollResponse({ status: 200, headers: { 'content-type': 'text/plain' }, body: '{"status":"running"}' }, ctx)).status).toBe(
        'Running',
      );
    });

    it('an unknown word → ODataProtocolError naming the word and the statusMap option', () => {
      const e = protocolError(interpretPollResponse(res(200, { status: 'SCHEDULED' }), ctx));
      expect(e.message).toBe(
        `The status monitor ${MONITOR} answered HTTP 200: Unknown status "SCHEDULED": map it with the statusMap option, e.g. { statusMap: { "SCHEDULED": 'Running' } }`,
      );
      expect(e).toMatchObject({ method: 'GET', url: MONITOR, status: 200 });
    });

    it('an unknown word that is not an identifier is quoted in the example too', () => {
      const e = protocolError(interpretPollResponse(res(202, { status: 'on hold!' }), ctx));
      expect(e.message).toBe(
        `The status monitor ${MONITOR} answered HTTP 202: Unknown status "on hold!": map it with the statusMap option, e.g. { statusMap: { "on hold!": 'Running' } }`,
      );
    });

    it('an unknown word on a 4xx/5xx is Failed by its HTTP status, keeping rawStatus', () => {
      const body = { status: 'fail', error: { code: 'E', message: 'm' } };
      expect(update(interpretPollResponse(res(501, body), ctx))).toStrictEqual({
        ...at,
        status: 'Failed',
        httpStatus: 501,
        body,
        rawStatus: 'fail',
        error: { code: 'E', message: 'm', details: [] },
      });
      expect(update(interpretPollResponse(res(410, { status: 'expired' }), ctx))).toMatchObject({
        status: 'Failed',
        rawStatus: 'expired',
        error: { code: 'MonitorGone' },
      });
      expect(update(interpretPollResponse(res(400, { status: 'rejected' }), ctx))).toStrictEqual({
        ...at,
        status: 'Failed',
        httpStatus: 400,
        body: { status: 'rejected' },
        rawStatus: 'rejected',
      });
      // The body's other fields stay, as they do for a known word.
      expect(update(interpretPollResponse(res(501, { status: 'halted', percentComplete: 60 }), ctx))).toMatchObject({
        status: 'Failed',
        rawStatus: 'halted',
        percentComplete: 60,
      });
    });

    it('statusMap maps an unknown word, case-insensitively', () => {
      const withMap: PollContext = { ...ctx, statusMap: { scheduled: 'Running', ABORTED: 'Cancelled' } };
      expect(update(interpretPollResponse(res(200, { status: 'SCHEDULED' }), withMap))).toMatchObject({ status: 'Running', rawStatus: 'SCHEDULED' });
      expect(update(interpretPollResponse(res(200, { Status: 'aborted' }), withMap))).toMatchObject({ status: 'Cancelled', rawStatus: 'aborted' });
    });

    it('statusMap overrides a built-in word', () => {
      const withMap: PollContext = { ...ctx, statusMap: { Done: 'Running' } };
      expect(update(interpretPollResponse(res(200, { status: 'done' }), withMap)).status).toBe('Running');
    });
  });

  describe('rule 3: no status field', () => {
    it('202 → Running, following its Location and Retry-After', () => {
      const outcome = interpretPollResponse(res(202, '', { location: 'https://host/monitor/2', 'retry-after': '10' }), ctx);
      expect(outcome).toStrictEqual({
        kind: 'update',
        update: { ...at, status: 'Running', httpStatus: 202, body: undefined, retryAfterMs: 10_000 },
        nextLocation: 'https://host/monitor/2',
      });
    });

    it('202 keeps a relative Location raw (the caller resolves it)', () => {
      expect(interpretPollResponse(res(202, '', { location: '  ../monitor/3 ' }), ctx)).toMatchObject({ nextLocation: '../monitor/3' });
    });

    it.each<Record<string, string>>([{}, { location: '' }, { location: '   ' }])(
      '202 without a usable Location → Running, no nextLocation (poll the same URL): %p',
      (headers) => {
        expect(interpretPollResponse(res(202, '', headers), ctx)).toStrictEqual({
          kind: 'update',
          update: { ...at, status: 'Running', httpStatus: 202, body: undefined },
        });
      },
    );

    it('202 with a non-status JSON body keeps the body', () => {
      expect(update(interpretPollResponse(res(202, { message: 'accepted' }), ctx))).toStrictEqual({
        ...at,
        status: 'Running',
        httpStatus: 202,
        body: { message: 'accepted' },
      });
    });

    it.each([200, 201, 204, 203])('%d → Succeeded', (status) => {
      expect(interpretPollResponse(res(status, status === 204 ? '' : { ID: 1 }), ctx)).toStrictEqual({
        kind: 'update',
        update: { ...at, status: 'Succeeded', httpStatus: status, body: status === 204 ? undefined : { ID: 1 } },
      });
    });

    it('200 with a text body → ODataProtocolError naming the content type (no status can be read from it)', () => {
      const e = protocolError(interpretPollResponse(res(200, 'done', { 'content-type': 'text/plain' }), ctx));
      expect(e.message).toBe(`The status monitor ${MONITOR} answered HTTP 200: its body is text/plain text, not a status ("done")`);
    });

    it('a blank status field is no status word: ODataProtocolError naming the field (rule 5)', () => {
      const e = protocolError(interpretPollResponse(res(202, { status: '' }), ctx));
      expect(e.message).toBe(`The status monitor ${MONITOR} answered HTTP 202: its status field "status" is a blank string (""), not a status word`);
    });
  });

  describe('rule 4: error statuses', () => {
    it.each([401, 403])('%d → ODataHttpError (the credentials, not the operation)', (status) => {
      const body = { error: { code: 'AUTH', message: 'Token expired' } };
      const e = error(interpretPollResponse(res(status, body, { 'www-authenticate': 'Bearer' }), ctx));
      expect(e).toBeInstanceOf(ODataHttpError);
      expect(e).toMatchObject({
        status,
        method: 'GET',
        url: MONITOR,
        body,
        odataError: { code: 'AUTH', message: 'Token expired', details: [] },
        headers: { 'www-authenticate': 'Bearer', 'content-type': 'application/json' },
      });
      expect(e.message).toBe(
        `GET ${MONITOR} answered HTTP ${status} (AUTH: Token expired): the status monitor refused the credentials (the operation may still be running)`,
      );
    });

    it('401 even with a status body', () => {
      expect(error(interpretPollResponse(res(401, { status: 'error' }), ctx))).toBeInstanceOf(ODataHttpError);
    });

    it('403 with an HTML page, and with an error without a code', () => {
      const e = error(interpretPollResponse(res(403, '<html>Forbidden</html>', { 'content-type': 'text/html' }), ctx));
      expect(e).toMatchObject({ status: 403, body: '<html>Forbidden</html>', odataError: undefined });
      expect(e.message).toBe(`GET ${MONITOR} answered HTTP 403: the status monitor refused the credentials (the operation may still be running)`);
      const noCode = error(interpretPollResponse(res(403, { error: { message: 'CSRF token validation failed' } }), ctx));
      expect(noCode.message).toContain('HTTP 403 (CSRF token validation failed): ');
    });

    it('401 with malformed JSON keeps the raw text', () => {
      expect(error(interpretPollResponse(res(401, '{"error":', JSON_TYPE), ctx))).toMatchObject({ body: '{"error":', odataError: undefined });
    });

    it.each([404, 410])('%d → Failed, the monitor is gone', (status) => {
      expect(update(interpretPollResponse(res(status), ctx))).toStrictEqual({
        ...at,
        status: 'Failed',
        httpStatus: status,
        body: undefined,
        error: {
          code: 'MonitorGone',
          message: `The status monitor ${MONITOR} is gone (HTTP ${status}): cleaned up after the end, cancelled, or expired`,
          details: [],
        },
      });
    });

    it("404 with the server's own OData error: says the monitor is gone, keeps the server's code and text", () => {
      const body = { error: { code: 'NotFound', message: 'No such job', target: 'Job' } };
      expect(update(interpretPollResponse(res(404, body), ctx)).error).toStrictEqual({
        code: 'NotFound',
        message: `The status monitor ${ctx.location} is gone (HTTP 404): No such job`,
        target: 'Job',
        details: [],
      });
    });

    it('501 with an SAP v2 error → Failed with the parsed error', () => {
      const body = {
        error: {
          code: '/IWBEP/CM_TEA/004',
          message: { lang: 'en', value: 'Report generation failed' },
          innererror: {
            transactionid: 'ABC123',
            errordetails: [{ code: 'ZREP/001', message: 'Year out of range', propertyref: 'Year', severity: 'error', target: '' }],
          },
        },
      };
      expect(update(interpretPollResponse(res(501, body), ctx))).toStrictEqual({
        ...at,
        status: 'Failed',
        httpStatus: 501,
        body,
        error: {
          code: '/IWBEP/CM_TEA/004',
          message: 'Report generation failed',
          details: [{ code: 'ZREP/001', message: 'Year out of range', target: 'Year', severity: 'error' }],
          innererror: body.error.innererror,
        },
      });
    });

    it.each([400, 405, 409, 501, 505, 599])('%d without an error body → Failed without an error', (status) => {
      expect(update(interpretPollResponse(res(status), ctx))).toStrictEqual({ ...at, status: 'Failed', httpStatus: status, body: undefined });
    });

    it('a 4xx/5xx with malformed JSON is still Failed, with the raw text as body', () => {
      expect(update(interpretPollResponse(res(501, '{"error":{', JSON_TYPE), ctx))).toStrictEqual({
        ...at,
        status: 'Failed',
        httpStatus: 501,
        body: '{"error":{',
      });
    });

    it('keeps the Retry-After of a failure', () => {
      expect(update(interpretPollResponse(res(501, '', { 'retry-after': '3' }), ctx)).retryAfterMs).toBe(3000);
    });
  });

  describe('rule 5: never a false success', () => {
    it('AsyncResult: 202 (the work was only accepted) is no completion → ODataProtocolError', () => {
      expect(protocolError(interpretPollResponse(res(200, '', { asyncresult: '202' }), ctx)).message).toMatch(
        /completed with HTTP 202 \(Accepted\), which is no completion/,
      );
      expect(protocolError(interpretPollResponse(envelope('HTTP/1.1 202 Accepted\r\n\r\n'), ctx)).message).toMatch(/which is no completion/);
    });

    const LOGIN = '<!DOCTYPE html><html><head><title>SAP Logon</title></head><body><form action="/sap/bc/gui/sap/its/webgui"></form></body></html>';

    it.each([200, 201, 202, 204])('an HTML page answered with %d (a login or proxy page) → ODataProtocolError naming its content type', (status) => {
      const e = protocolError(interpretPollResponse(res(status, LOGIN, { 'content-type': 'text/html; charset=utf-8' }), ctx));
      expect(e.message).toBe(
        `The status monitor ${MONITOR} answered HTTP ${status}: an HTML page (Content-Type text/html; charset=utf-8), such as a login or proxy page, not a status`,
      );
      expect(e).toMatchObject({ method: 'GET', url: MONITOR, status });
    });

    it.each([
      ['no content type', {}],
      ['a wrong one', { 'content-type': 'application/octet-stream' }],
      ['XHTML', { 'content-type': 'application/xhtml+xml' }],
    ])('an HTML page with %s is recognized by how it starts', (_, headers) => {
      expect(protocolError(interpretPollResponse(res(200, `\n  ${LOGIN.toUpperCase()}`, headers), ctx)).message).toMatch(/an HTML page/);
    });

    it('an HTML page on a 4xx is the failure its status says (a gone monitor), not a success either', () => {
      expect(update(interpretPollResponse(res(404, LOGIN, { 'content-type': 'text/html' }), ctx))).toMatchObject({
        status: 'Failed',
        error: { code: 'MonitorGone' },
      });
    });

    it.each<[unknown, string]>([
      [{ Status: 7 }, '"Status" is a number (7)'],
      [{ status: true }, '"status" is a boolean (true)'],
      [{ status: null }, '"status" is null'],
      [{ state: { code: 'done' } }, '"state" is an object'],
      [{ status: ['Succeeded'] }, '"status" is an array'],
      [{ d: { Status: 0 } }, '"Status" is a number (0)'],
      [{ status: '   ' }, '"status" is a blank string ("   ")'],
    ])('a status field that is not a word, %p → ODataProtocolError naming the field and its JSON type', (body, what) => {
      for (const status of [200, 201, 202]) {
        const e = protocolError(interpretPollResponse(res(status, body), ctx));
        expect(e.message).toBe(`The status monitor ${MONITOR} answered HTTP ${status}: its status field ${what}, not a status word`);
      }
    });

    it('XML where a status entity was expected (a service that ignored Accept) → ODataProtocolError, not Succeeded', () => {
      const xml = '<?xml version="1.0"?><entry><content><m:properties><d:Status>Running</d:Status></m:properties></content></entry>';
      expect(protocolError(interpretPollResponse(res(200, xml, { 'content-type': 'application/atom+xml' }), ctx)).message).toMatch(
        /application\/atom\+xml text, not a status/,
      );
    });

    it('a body that is no status never reads as Succeeded, for any text (property)', () => {
      fc.assert(
        fc.property(
          fc.string({ maxLength: 40 }).filter((text) => text.trim() !== '' && !/^\s*[[{]/.test(text)),
          fc.constantFrom(200, 201, 204),
          (text, status) => {
            const outcome = interpretPollResponse(res(status, text, { 'content-type': 'text/plain' }), ctx);
            expect(outcome.kind === 'update' && outcome.update.status === 'Succeeded').toBe(false);
          },
        ),
      );
    });
  });

  describe('other statuses and malformed bodies', () => {
    it.each([100, 101, 199, 300, 301, 302, 304, 307, 399, 600, 0, -1, 99, NaN])('%p → ODataProtocolError', (status) => {
      const e = protocolError(interpretPollResponse(res(status, { status: 'succeeded' }, { location: '/x' }), ctx));
      expect(e.message).toBe(`The status monitor ${MONITOR} answered HTTP ${status}: not a monitor's answer (a redirect not followed?)`);
      expect(e).toMatchObject({ method: 'GET', url: MONITOR });
      expect(e.status).toBe(status);
    });

    it.each([200, 201, 202])('%d with malformed JSON → ODataProtocolError', (status) => {
      const e = protocolError(interpretPollResponse(res(status, '{"status":"Runn', JSON_TYPE), ctx));
      expect(e.message).toMatch(
        new RegExp(`^The status monitor ${escape(MONITOR)} answered HTTP ${status}: Content-Type application/json, but the body is not valid JSON: `),
      );
      expect(e.status).toBe(status);
    });

    it('a body that looks like JSON but is not, without a content type → ODataProtocolError', () => {
      expect(protocolError(interpretPollResponse(res(200, '{truncated'), ctx)).message).toContain('is not valid JSON');
    });
  });

  describe('every update', () => {
    it('carries poll and location from the context', () => {
      const u = update(interpretPollResponse(res(202), { ...ctx, poll: 0, location: 'https://other/m' }));
      expect(u).toMatchObject({ poll: 0, location: 'https://other/m' });
    });

    it('caps Retry-After at maxRetryAfterMs', () => {
      expect(update(interpretPollResponse(res(202, '', { 'retry-after': '100' }), { ...ctx, maxRetryAfterMs: 5000 })).retryAfterMs).toBe(5000);
    });

    it('reads a Retry-After date against nowMs', () => {
      expect(update(interpretPollResponse(res(202, '', { 'retry-after': 'Wed, 31 Jan 2024 10:00:07 GMT' }), ctx)).retryAfterMs).toBe(7000);
    });

    it('has no undefined-valued keys', () => {
      const u = update(interpretPollResponse(res(200, { status: 'done' }), ctx));
      expect(Object.entries(u).filter(([, v]) => v === undefined)).toEqual([]);
    });
  });

  describe('properties', () => {
    const header = fc.option(fc.string(), { nil: undefined });
    const anyResponse = fc.record({
      status: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.integer()),
      body: fc.oneof(
        fc.string(),
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc.constantFrom('{"status":"running"}', '{"d":{"Status":"Failed"}}', '{"status":"SCHEDULED"}'),
      ),
      contentType: fc.option(fc.constantFrom('application/json', 'application/http', 'text/plain'), { nil: undefined }),
      asyncResult: fc.option(fc.oneof(fc.constantFrom('200', '204', '400', '500'), fc.string()), { nil: undefined }),
      location: header,
      retryAfter: fc.option(fc.oneof(fc.string(), fc.nat().map(String)), { nil: undefined }),
    });
    const toResponse = (r: {
      status: number;
      body: string;
      contentType: string | undefined;
      asyncResult: string | undefined;
      location: string | undefined;
      retryAfter: string | undefined;
    }): HttpResponse => {
      const headers: Record<string, string> = {};
      if (r.contentType !== undefined) headers['content-type'] = r.contentType;
      if (r.asyncResult !== undefined) headers['asyncresult'] = r.asyncResult;
      if (r.location !== undefined) headers['location'] = r.location;
      if (r.retryAfter !== undefined) headers['retry-after'] = r.retryAfter;
      return { status: r.status, headers, body: r.body };
    };

    it('never throws, and every outcome is well-formed', () => {
      fc.assert(
        fc.property(anyResponse, fc.nat({ max: 1000 }), (r, cap) => {
          const outcome = interpretPollResponse(toResponse(r), { ...ctx, maxRetryAfterMs: cap });
          switch (outcome.kind) {
            case 'transient':
              expect([408, 429, 500, 502, 503, 504]).toContain(outcome.httpStatus);
              if (outcome.retryAfterMs !== undefined) expect(outcome.retryAfterMs).toBeLessThanOrEqual(cap);
              break;
            case 'error':
              expect(outcome.error instanceof ODataProtocolError || outcome.error instanceof ODataHttpError).toBe(true);
              break;
            case 'update': {
              const u = outcome.update;
              expect(['Running', 'Succeeded', 'Failed', 'Cancelled']).toContain(u.status);
              expect(u).toMatchObject(at);
              if (u.retryAfterMs !== undefined) expect(u.retryAfterMs >= 0 && u.retryAfterMs <= cap).toBe(true);
              if (u.percentComplete !== undefined) expect(u.percentComplete >= 0 && u.percentComplete <= 100).toBe(true);
              if (outcome.nextLocation !== undefined) {
                expect(u.status).toBe('Running');
                expect(u.httpStatus).toBe(202);
                expect(outcome.nextLocation.trim()).toBe(outcome.nextLocation);
                expect(outcome.nextLocation).not.toBe('');
              }
              break;
            }
          }
        }),
      );
    });

    it('a status body word decides the status whatever the 2xx code', () => {
      const words: [string, AsyncOpStatus][] = [
        ['running', 'Running'],
        ['Succeeded', 'Succeeded'],
        ['FAILED', 'Failed'],
        ['canceled', 'Cancelled'],
      ];
      fc.assert(
        fc.property(
          fc.constantFrom(...words),
          fc.constantFrom(200, 201, 202),
          fc.constantFrom('Status', 'status', 'state'),
          fc.boolean(),
          ([word, status], httpStatus, key, wrapped) => {
            const body = wrapped ? { d: { [key]: word } } : { [key]: word };
            expect(update(interpretPollResponse(res(httpStatus, body), ctx))).toMatchObject({ status, rawStatus: word, httpStatus });
          },
        ),
      );
    });

    it('transient statuses are transient whatever the body and headers', () => {
      fc.assert(
        fc.property(anyResponse, fc.constantFrom(408, 429, 502, 503, 504), (r, status) => {
          expect(interpretPollResponse(toResponse({ ...r, status }), ctx).kind).toBe('transient');
        }),
      );
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
