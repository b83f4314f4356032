/**
 * Hostile input: bad responses and bad arguments, each with the exact error it must give (its
 * class and a fragment of its message), or, where the right answer is to shrug (a junk
 * Retry-After, a `__proto__` key), the exact harmless outcome.
 *
 * Responses the embedded server can produce come from it, over real HTTP; the others from an
 * in-memory transport on a VirtualTimeScheduler (no real time passes), or, for a 10 MB body
 * through axios, from a stub server.
 */
import { sessionOf } from '../../lib/odata/client-session';
import { lastValueFrom, Observable, VirtualTimeScheduler } from 'rxjs';
import type { HttpResponse } from '../../lib/http/http';
import { AsyncOpFailedError } from '../../lib/errors/async-op-failed-error';
import { LocationNotAllowedError } from '../../lib/errors/location-not-allowed-error';
import { ODataHttpError } from '../../lib/errors/odata-http-error';
import { ODataProtocolError } from '../../lib/errors/odata-protocol-error';
import {
  asyncOp$,
  createAsyncPoller,
  createODataClient,
  resumeAsyncPoller,
  type AsyncOpOptions,
  type AsyncOpUpdate,
  type ODataClient,
  type ODataClientConfig,
} from '../../lib/index';
import { startMockODataServer, type MockODataServer } from '../../lib/testing/index';
import { memoryTransport, reply, settle, startStub, type Answer, type SentRequest, type StubServer } from './support';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

const ROOT = 'https://host.example/odata/';
const MONITOR = 'https://host.example/odata/$monitor/1';
const running = reply(202, '', { location: MONITOR });
const succeeded = reply(200, { status: 'Succeeded' });

/** What a case produced: the error it threw or emitted, or its value. */
interface Result {
  readonly error?: unknown;
  readonly value?: unknown;
  readonly sent?: readonly SentRequest[];
}

/** An operation on the in-memory transport: the action answers `accepted`, the monitor `answers` in turn (then Running). */
function operation(
  answers: readonly Answer[],
  options: AsyncOpOptions = {},
  accepted: HttpResponse = running,
  config: Partial<ODataClientConfig> = {},
): Result {
  const scheduler = new VirtualTimeScheduler();
  const queue = [...answers];
  const memory = memoryTransport((request) => (request.method === 'POST' ? accepted : (queue.shift() ?? running)), scheduler);
  const client = createODataClient({ serviceRoot: ROOT, transport: memory.transport, csrf: 'never', ...config });
  const values: AsyncOpUpdate[] = [];
  let error: unknown;
  client
    .action('Run')
    .execute()
    .pipe(asyncOp$(client, { pollInterval: 10, maxPolls: 5, retries: 0, scheduler, ...options }))
    .subscribe({ next: (u) => values.push(u), error: (e: unknown) => (error = e) });
  scheduler.flush();
  return { error, value: values, sent: memory.sent };
}

/** A synchronous call that should throw. */
function attempt(fn: () => unknown): Result {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
}

/** A client for the cases that must fail before anything is sent. */
const client = (config: Partial<ODataClientConfig> = {}) =>
  createODataClient({ serviceRoot: ROOT, transport: memoryTransport(() => running).transport, csrf: 'never', ...config });
const updatesOf = (result: Result): AsyncOpUpdate[] => (Array.isArray(result.value) ? (result.value as AsyncOpUpdate[]) : []);
const statusesOf = (result: Result): string =>
  updatesOf(result)
    .map((u) => u.status)
    .join(',');

type ErrorClass = abstract new (...args: never[]) => Error;
type Expectation = { readonly error: ErrorClass; readonly message: string | RegExp } | { readonly check: (result: Result) => void };

interface HostileCase {
  readonly name: string;
  readonly run: () => Result | Promise<Result>;
  readonly expect: Expectation;
}

let server: MockODataServer;
let bigBody: StubServer;

const serverOperation = async (scenario: Record<string, unknown>): Promise<Result> => {
  const c = createODataClient({ serviceRoot: server.v4Root, headers: { 'X-Mock-Scenario-Json': JSON.stringify(scenario) } });
  const run = await settle(
    c
      .action('SalesReportGenerate')
      .parameter('Year', 2024)
      .execute()
      .pipe(asyncOp$(c, { pollInterval: 0 })),
  );
  return { error: run.error, value: run.values };
};

const validToken = () => createAsyncPoller(client(), MONITOR, { maxPolls: 9 }).serialize();

const CASES: readonly HostileCase[] = [
  // --- Locations -------------------------------------------------------------------------
  {
    name: '202 with an empty Location',
    run: () => operation([], {}, reply(202, '', { location: '' })),
    expect: { error: ODataProtocolError, message: 'answered 202 Accepted without a Location' },
  },
  {
    name: '202 with a blank Location',
    run: () => operation([], {}, reply(202, '', { location: '   ' })),
    expect: { error: ODataProtocolError, message: 'without a Location' },
  },
  {
    name: '202 without Location (embedded server, no-location)',
    run: () => serverOperation({ noLocation: true }),
    expect: { error: ODataProtocolError, message: 'there is no status monitor to poll' },
  },
  {
    name: 'a javascript: Location',
    run: () => operation([], {}, reply(202, '', { location: 'javascript:alert(document.cookie)' })),
    expect: { error: LocationNotAllowedError, message: 'only http(s) URLs are followed, not javascript:' },
  },
  {
    name: 'a file: Location',
    run: () => operation([], {}, reply(202, '', { location: 'file:///etc/passwd' })),
    expect: { error: LocationNotAllowedError, message: 'only http(s) URLs are followed, not file:' },
  },
  {
    name: 'a data: Location',
    run: () => operation([], {}, reply(202, '', { location: 'data:text/html,<script>alert(1)</script>' })),
    expect: { error: LocationNotAllowedError, message: 'not data:' },
  },
  {
    name: 'a cross-origin Location (embedded server, foreign-location)',
    run: () => serverOperation({ foreignLocation: 'https://attacker.invalid/odata/$monitor/stolen' }),
    expect: { error: LocationNotAllowedError, message: 'its origin https://attacker.invalid is not allowed' },
  },
  {
    name: 'a protocol-relative Location to another host',
    run: () => operation([], {}, reply(202, '', { location: '//evil.example/odata/$monitor/1' })),
    expect: { error: LocationNotAllowedError, message: 'its origin https://evil.example is not allowed' },
  },
  {
    name: 'a Location with credentials in it',
    run: () => operation([], {}, reply(202, '', { location: 'https://admin:secret@host.example/odata/$monitor/1' })),
    expect: { error: LocationNotAllowedError, message: 'it carries credentials' },
  },
  {
    name: 'a Location with CR/LF (header injection)',
    run: () => operation([], {}, reply(202, '', { location: '$monitor/1\r\nSet-Cookie: stolen=1' })),
    expect: { error: LocationNotAllowedError, message: 'it contains control characters' },
  },
  {
    name: 'a Running answer that moves the monitor to another origin',
    run: () => operation([reply(202, '', { location: 'https://evil.example/$monitor/2' })]),
    expect: { error: LocationNotAllowedError, message: 'its origin https://evil.example is not allowed' },
  },
  {
    name: 'a result URL on another origin',
    run: () => operation([reply(200, { Status: 'Succeeded', ResultURL: 'https://evil.example/Reports(1)' })]),
    expect: { error: LocationNotAllowedError, message: 'its origin https://evil.example is not allowed' },
  },
  {
    name: 'a redirect of a status request to another origin: refused, nothing sent there',
    run: () => operation([reply(302, '', { location: 'https://evil.example/steal' })]),
    expect: {
      check: (r) => {
        expect(r.error).toBeInstanceOf(LocationNotAllowedError);
        expect((r.error as Error).message).toContain('its origin https://evil.example is not allowed');
        expect(r.sent?.map((s) => new URL(s.url).origin)).toEqual([new URL(ROOT).origin, new URL(ROOT).origin]);
      },
    },
  },
  {
    name: 'an answer that a browser-style transport says came from another origin (it followed a redirect itself)',
    run: () => operation([{ ...succeeded, url: 'https://evil.example/after-redirect' }]),
    expect: { error: LocationNotAllowedError, message: 'its origin https://evil.example is not allowed' },
  },
  {
    name: 'a redirect loop on the monitor',
    run: () => operation(Array.from({ length: 7 }, () => reply(302, '', { location: MONITOR }))),
    expect: { error: ODataProtocolError, message: 'more than 5 redirects' },
  },

  // --- Sizes and parsing -------------------------------------------------------------------
  {
    name: 'a 10 MB body over the default 5 MiB limit (real HTTP through axios)',
    run: async () => {
      const c = createODataClient({ serviceRoot: `${bigBody.origin}/odata/` });
      const run = await settle(createAsyncPoller(c, `${bigBody.origin}/odata/$monitor/1`).status$);
      return { error: run.error };
    },
    expect: { error: ODataProtocolError, message: 'the response body is larger than maxResponseBytes (5242880)' },
  },
  {
    name: 'a 10 MB body through a custom transport',
    run: () => operation([reply(200, `{"status":"Running","pad":"${'x'.repeat(10 * 1024 * 1024)}"}`, { 'content-type': 'application/json' })]),
    expect: { error: ODataProtocolError, message: 'larger than maxResponseBytes (5242880)' },
  },
  {
    name: 'deeply nested JSON (100,000 levels)',
    run: () => operation([reply(200, `${'['.repeat(100_000)}${']'.repeat(100_000)}`, { 'content-type': 'application/json' })]),
    expect: { error: ODataProtocolError, message: 'JSON nesting is deeper than the allowed 64 levels' },
  },
  {
    name: '__proto__, constructor and prototype keys in a status body: dropped, nothing polluted',
    run: () =>
      operation([
        reply(200, '{"status":"Succeeded","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"}}', {
          'content-type': 'application/json',
        }),
      ]),
    expect: {
      check: (r) => {
        expect(r.error).toBeUndefined();
        expect(statusesOf(r)).toBe('Running,Succeeded');
        const body = updatesOf(r)[1]?.body;
        expect(body).toEqual({ status: 'Succeeded' });
        expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
        expect(Reflect.get({}, 'polluted')).toBeUndefined();
      },
    },
  },
  {
    name: '__proto__ inside an OData error body: dropped, the error still read',
    run: () =>
      operation([
        reply(
          501,
          '{"error":{"code":"E1","message":"boom","__proto__":{"polluted":"yes"},"details":[{"__proto__":{"polluted":"yes"},"code":"D","message":"d"}]}}',
          { 'content-type': 'application/json' },
        ),
      ]),
    expect: {
      check: (r) => {
        expect(r.error).toBeInstanceOf(AsyncOpFailedError);
        expect((r.error as AsyncOpFailedError).odataError).toMatchObject({ code: 'E1', message: 'boom' });
        expect(Reflect.get({}, 'polluted')).toBeUndefined();
      },
    },
  },
  {
    name: 'an application/json body that is not JSON (wrong content type)',
    run: () => operation([reply(200, 'Running', { 'content-type': 'application/json' })]),
    expect: { error: ODataProtocolError, message: 'answered HTTP 200: Content-Type application/json, but the body is not valid JSON' },
  },
  {
    name: 'a JSON status body labelled text/plain: read as JSON all the same',
    run: () =>
      operation([
        reply(200, '{"status":"InProgress","percentComplete":"40%"}', { 'content-type': 'text/plain' }),
        reply(200, '{"status":"Succeeded"}', { 'content-type': 'text/plain' }),
      ]),
    expect: {
      check: (r) => {
        expect(updatesOf(r).map((u) => `${u.status}:${u.percentComplete ?? '-'}`)).toEqual(['Running:-', 'Running:40', 'Succeeded:-']);
      },
    },
  },
  {
    name: 'an HTML error page from a proxy (502, retries used up)',
    run: () => operation([reply(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'content-type': 'text/html' })]),
    expect: {
      check: (r) => {
        expect(r.error).toBeInstanceOf(ODataHttpError);
        expect((r.error as ODataHttpError).status).toBe(502);
        expect((r.error as ODataHttpError).body).toContain('502 Bad Gateway');
        expect((r.error as Error).message).toContain('answered HTTP 502');
      },
    },
  },
  {
    name: 'an HTML 500 page in place of the monitor: retried, then the error of a monitor that could not be read',
    run: () => operation(Array.from({ length: 4 }, () => reply(500, '<html>Internal Server Error</html>', { 'content-type': 'text/html' }))),
    expect: { error: ODataHttpError, message: 'answered HTTP 500' },
  },
  {
    name: 'an HTML 200 page in place of the monitor (an SSO login page): never Succeeded',
    run: () => operation([reply(200, '<!DOCTYPE html><html><body><form>Logon</form></body></html>', { 'content-type': 'text/html;charset=utf-8' })]),
    expect: {
      error: ODataProtocolError,
      message: 'answered HTTP 200: an HTML page (Content-Type text/html;charset=utf-8), such as a login or proxy page, not a status',
    },
  },
  {
    name: 'a status field that is a number: never Succeeded',
    run: () => operation([reply(200, '{"Status":7}', { 'content-type': 'application/json' })]),
    expect: { error: ODataProtocolError, message: 'its status field "Status" is a number (7), not a status word' },
  },
  {
    name: 'an HTML login page (401) from an auth proxy',
    run: () => operation([reply(401, '<html><form>Login</form></html>', { 'content-type': 'text/html' })]),
    expect: { error: ODataHttpError, message: 'the status monitor refused the credentials' },
  },
  {
    name: 'a truncated application/http envelope',
    run: () =>
      operation([
        reply(200, 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"value":', { 'content-type': 'application/http' }),
      ]),
    expect: { error: ODataProtocolError, message: 'the application/http body is truncated: Content-Length is 100 bytes' },
  },
  {
    name: 'an application/http envelope that is not an HTTP message',
    run: () => operation([reply(200, '<html>oops</html>', { 'content-type': 'application/http' })]),
    expect: { error: ODataProtocolError, message: 'is not like "HTTP/1.1 200 OK"' },
  },
  {
    name: 'an AsyncResult that is not a number',
    run: () => operation([reply(200, '{}', { asyncresult: 'OK', 'content-type': 'application/json' })]),
    expect: { error: ODataProtocolError, message: 'AsyncResult "OK" is not a 3-digit HTTP status' },
  },
  {
    name: 'an AsyncResult that is a redirect status',
    run: () => operation([reply(200, '', { asyncresult: '302' })]),
    expect: { error: ODataProtocolError, message: 'completed with HTTP 302, which is neither 2xx nor 4xx/5xx' },
  },
  {
    name: 'an unknown status word',
    run: () => operation([reply(200, { status: 'Exploding' })]),
    expect: { error: ODataProtocolError, message: 'Unknown status "Exploding"' },
  },
  {
    name: 'a status the HTTP grammar does not have (999)',
    run: () => operation([reply(999, '')]),
    expect: { error: ODataProtocolError, message: "answered HTTP 999: not a monitor's answer" },
  },
  {
    name: 'progress that is NaN, infinite or out of range: ignored or clamped',
    run: () =>
      operation([
        reply(202, { status: 'Running', percentComplete: 'NaN' }, { location: MONITOR }),
        reply(202, { status: 'Running', percentComplete: '1e999' }, { location: MONITOR }),
        reply(202, { status: 'Running', percentComplete: 250 }, { location: MONITOR }),
        succeeded,
      ]),
    expect: {
      check: (r) => {
        expect(updatesOf(r).map((u) => u.percentComplete ?? '-')).toEqual(['-', '-', '-', 100, '-']);
      },
    },
  },

  // --- Retry-After -------------------------------------------------------------------------
  {
    name: 'Retry-After of 10^12 seconds: capped at maxRetryAfter',
    run: () => operation([succeeded], { maxRetryAfter: 50 }, reply(202, '', { location: MONITOR, 'retry-after': '1000000000000' })),
    expect: {
      check: (r) => {
        expect(updatesOf(r)[0]?.retryAfterMs).toBe(50);
        expect(r.sent?.[1]?.at).toBe(50);
      },
    },
  },
  {
    name: 'Retry-After of 400 digits on a 429: capped, the retry goes out after the cap',
    run: () => operation([reply(429, '', { 'retry-after': '9'.repeat(400) }), succeeded], { maxRetryAfter: 70, retries: 1, pollInterval: 0 }),
    expect: {
      check: (r) => {
        expect(r.sent?.map((s) => s.at)).toEqual([0, 0, 70]);
      },
    },
  },
  {
    name: 'a negative Retry-After: ignored, pollInterval used',
    run: () => operation([succeeded], { pollInterval: 10 }, reply(202, '', { location: MONITOR, 'retry-after': '-30' })),
    expect: {
      check: (r) => {
        expect(updatesOf(r)[0]?.retryAfterMs).toBeUndefined();
        expect(r.sent?.[1]?.at).toBe(10);
      },
    },
  },
  {
    name: 'a junk Retry-After: ignored, pollInterval used',
    run: () => operation([reply(202, '', { location: MONITOR, 'retry-after': 'soon, maybe' }), succeeded], { pollInterval: 10 }),
    expect: {
      check: (r) => {
        expect(r.sent?.map((s) => s.at)).toEqual([0, 10, 20]);
      },
    },
  },

  // --- Parameters ---------------------------------------------------------------------------
  {
    name: 'CR/LF, quote, & and # in a v2 parameter value: stay inside the value (embedded server echo)',
    run: async () => {
      const c = createODataClient({ serviceRoot: server.v2Root, protocol: 'v2' });
      const value = "a\r\nX-Injected: 1&Year=1999#'x'";
      const result = await lastValueFrom(c.function('EchoLiterals').parameter('A', value).execute());
      return { value: { sent: value, echo: result.data, url: server.requests.at(-1)?.url } };
    },
    expect: {
      check: (r) => {
        const { sent, echo, url } = r.value as { sent: string; echo: unknown; url: string };
        expect(echo).toEqual({ A: { type: 'Edm.String', value: sent, literal: `'${sent.replaceAll("'", "''")}'` } });
        expect(url).not.toMatch(/[\r\n#]/);
        expect(url).toContain('%0D%0A');
      },
    },
  },
  {
    name: 'CR/LF, comma and parentheses in a v4 function parameter value: stay inside the value',
    run: async () => {
      const c = createODataClient({ serviceRoot: server.v4Root });
      const value = "x'),Evil=(1\r\n";
      const result = await lastValueFrom(c.function('EchoLiterals').parameter('a', value).execute());
      return { value: { sent: value, echo: result.data } };
    },
    expect: {
      check: (r) => {
        expect((r.value as { echo: unknown }).echo).toEqual({ a: { type: 'Edm.String', value: (r.value as { sent: string }).sent } });
      },
    },
  },
  {
    name: 'CR/LF in a parameter name',
    run: () => attempt(() => client().action('Run').parameter('a\r\nb', 1)),
    expect: { error: TypeError, message: 'parameter name "a\\r\\nb" must be ASCII letters' },
  },
  {
    name: 'a quote in an action name',
    run: () => attempt(() => client().action("Run')/Evil")),
    expect: { error: TypeError, message: 'action name "Run\')/Evil" must be ASCII letters' },
  },
  {
    name: 'an unpaired surrogate in a string parameter',
    run: () => attempt(() => client().function('Fn').parameter('s', 'a\uD800b')),
    expect: { error: TypeError, message: 'unpaired UTF-16 surrogate' },
  },
  {
    name: 'an object as a parameter value',
    run: () =>
      attempt(() =>
        client()
          .function('Fn')
          .parameter('s', { toString: () => 'x' } as never),
      ),
    expect: { error: TypeError, message: 'an object cannot be an OData URL literal' },
  },
  {
    name: 'CR/LF in a configured header value',
    run: () => attempt(() => client({ headers: { 'X-Tenant': 'a\r\nAuthorization: x' } })),
    expect: { error: TypeError, message: 'header "X-Tenant" must be a string without CR, LF or NUL' },
  },
  ...(
    [
      [
        'CR/LF in a per-call header value (request())',
        (c) => c.request({ method: 'GET', path: 'X', headers: { 'X-Tenant': 'a\r\nAuthorization: x' } }),
        'request(): header "X-Tenant" must be a string without CR, LF or NUL',
      ],
      [
        'a bare LF in a per-call header value (request())',
        (c) => c.request({ method: 'POST', path: 'X', body: {}, headers: { 'X-Tenant': 'a\nb' } }),
        'request(): header "X-Tenant"',
      ],
      [
        'NUL in a per-call header value (request())',
        (c) => c.request({ method: 'GET', url: `${ROOT}X`, headers: { 'X-Tenant': 'a\0b' } }),
        'request(): header "X-Tenant"',
      ],
      [
        'a header name with a blank (request())',
        (c) => c.request({ method: 'GET', path: 'X', headers: { 'X Tenant': 'a' } }),
        'request(): "X Tenant" is not a valid header name',
      ],
      [
        'CR/LF in a header value given to send()',
        (c) => sessionOf(c).send({ method: 'GET', url: `${ROOT}X`, headers: { 'X-Tenant': 'a\r\nb' } }),
        'send(): header "X-Tenant"',
      ],
      [
        'a header value that is not a string (request())',
        (c) => c.request({ method: 'GET', path: 'X', headers: { 'X-Count': 1 as never } }),
        'request(): header "X-Count"',
      ],
    ] satisfies ReadonlyArray<readonly [string, (c: ODataClient) => unknown, string]>
  ).map(([name, call, message]): HostileCase => ({
    name,
    // Thrown when the call is made; nothing is sent, not even once subscribed to whatever came back.
    run: () => {
      const memory = memoryTransport(() => running);
      const c = createODataClient({ serviceRoot: ROOT, transport: memory.transport, csrf: 'never' });
      const result = attempt(() => call(c));
      const returned: unknown = result.value;
      if (returned instanceof Observable) returned.subscribe({ error: () => undefined });
      return { ...result, sent: memory.sent };
    },
    expect: {
      check: (r) => {
        expect(r.error).toBeInstanceOf(TypeError);
        expect((r.error as Error).message).toContain(message);
        expect((r.error as Error).message).not.toContain('Authorization');
        expect(r.sent).toEqual([]);
      },
    },
  })),
  {
    name: 'request() with an absolute URL as its path',
    run: () => attempt(() => client().request({ method: 'GET', path: 'https://evil.example/x' })),
    expect: { error: TypeError, message: 'path must be relative to the service root' },
  },
  {
    name: 'request() with a url on another origin',
    run: () => attempt(() => client().request({ method: 'GET', url: 'https://evil.example/x' })),
    expect: { error: LocationNotAllowedError, message: 'its origin https://evil.example is not allowed' },
  },
  {
    name: 'createAsyncPoller with a monitor on another origin',
    run: () => attempt(() => createAsyncPoller(client(), 'https://evil.example/$monitor/1')),
    expect: { error: LocationNotAllowedError, message: 'its origin https://evil.example is not allowed' },
  },
  {
    name: 'createAsyncPoller with a number for a monitor',
    run: () => attempt(() => createAsyncPoller(client(), 42 as never)),
    expect: { error: TypeError, message: 'location must be the monitor URL as a string' },
  },

  // --- Configuration and options -------------------------------------------------------------
  {
    name: 'a serviceRoot that is not a URL',
    run: () => attempt(() => createODataClient({ serviceRoot: 'sap/opu/odata' })),
    expect: { error: TypeError, message: 'serviceRoot must be an absolute http(s) URL' },
  },
  {
    name: 'a serviceRoot with ftp:',
    run: () => attempt(() => createODataClient({ serviceRoot: 'ftp://host/odata/' })),
    expect: { error: TypeError, message: 'serviceRoot must be an absolute http(s) URL, got "ftp://host/odata/"' },
  },
  {
    name: 'a serviceRoot with credentials',
    run: () => attempt(() => createODataClient({ serviceRoot: 'https://u:p@host/odata/' })),
    expect: { error: TypeError, message: 'serviceRoot must not hold credentials' },
  },
  {
    name: 'a serviceRoot with a query',
    run: () => attempt(() => createODataClient({ serviceRoot: 'https://host/odata/?sap-client=100' })),
    expect: { error: TypeError, message: 'must not have a query or fragment' },
  },
  {
    name: 'no serviceRoot',
    run: () => attempt(() => createODataClient({} as never)),
    expect: { error: TypeError, message: 'serviceRoot must be an absolute http(s) URL, got undefined' },
  },
  {
    name: 'a javascript: entry in allowedOrigins',
    run: () => attempt(() => createODataClient({ serviceRoot: ROOT, allowedOrigins: ['javascript:alert(1)'] })),
    expect: { error: TypeError, message: 'each allowedOrigins entry must be an absolute http(s) URL, got "javascript:alert(1)"' },
  },
  {
    name: 'a negative requestTimeout',
    run: () => attempt(() => createODataClient({ serviceRoot: ROOT, requestTimeout: -1 })),
    expect: { error: TypeError, message: 'requestTimeout must be a positive number' },
  },
  {
    name: 'a NaN maxResponseBytes',
    run: () => attempt(() => createODataClient({ serviceRoot: ROOT, maxResponseBytes: NaN })),
    expect: { error: TypeError, message: 'maxResponseBytes must be a positive number' },
  },
  {
    name: 'pollInterval NaN',
    run: () => attempt(() => asyncOp$(client(), { pollInterval: NaN })),
    expect: { error: TypeError, message: 'asyncOp$: pollInterval must be a number of ms' },
  },
  { name: 'a negative pollInterval', run: () => attempt(() => asyncOp$(client(), { pollInterval: -5 })), expect: { error: TypeError, message: 'got -5' } },
  {
    name: 'maxPolls 0',
    run: () => attempt(() => asyncOp$(client(), { maxPolls: 0 })),
    expect: { error: TypeError, message: 'asyncOp$: maxPolls must be a positive integer or Infinity, got 0' },
  },
  {
    name: 'retries 1.5',
    run: () => attempt(() => asyncOp$(client(), { retries: 1.5 })),
    expect: { error: TypeError, message: 'asyncOp$: retries must be an integer >= 0, or { count, delay(attempt, failure) }, got 1.5' },
  },
  {
    name: 'maxRetryAfter Infinity',
    run: () => attempt(() => asyncOp$(client(), { maxRetryAfter: Infinity })),
    expect: { error: TypeError, message: 'asyncOp$: maxRetryAfter must be a number of ms from 0 to 2147483647, got Infinity' },
  },
  {
    name: 'timeout 0',
    run: () => attempt(() => asyncOp$(client(), { timeout: 0 })),
    expect: { error: TypeError, message: 'asyncOp$: timeout must be a number of ms above 0' },
  },
  {
    name: 'a misspelt option',
    run: () => attempt(() => asyncOp$(client(), { maxPoll: 3 } as never)),
    expect: { error: TypeError, message: 'asyncOp$: unknown option "maxPoll" (did you mean "maxPolls"?)' },
  },
  {
    name: 'a statusMap to a status that does not exist',
    run: () => attempt(() => asyncOp$(client(), { statusMap: { scheduled: 'Later' as never } })),
    expect: { error: TypeError, message: 'asyncOp$: statusMap["scheduled"] must be one of Running, Succeeded, Failed, Cancelled, got "Later"' },
  },
  {
    name: 'a pollInterval function that returns NaN',
    run: () => operation([], { pollInterval: () => NaN }),
    expect: { error: TypeError, message: 'pollInterval gave NaN for poll 1' },
  },

  // --- Resume tokens ------------------------------------------------------------------------
  {
    name: 'a resume token whose poll count was altered',
    run: () => attempt(() => resumeAsyncPoller(client(), { ...validToken(), polls: 7 })),
    expect: { error: TypeError, message: 'the token was altered or truncated (bad checksum)' },
  },
  {
    name: 'a resume token cut short',
    run: () => attempt(() => resumeAsyncPoller(client(), JSON.stringify(validToken()).slice(0, 80))),
    expect: { error: TypeError, message: 'the token is not JSON' },
  },
  {
    name: 'a resume token of the wrong shape',
    run: () => attempt(() => resumeAsyncPoller(client(), { kind: 'rxjs-odata-async/poller' })),
    expect: { error: TypeError, message: 'not a poller token from serialize()' },
  },
  {
    name: 'a resume token made for the other protocol',
    run: () => attempt(() => resumeAsyncPoller(client(), createAsyncPoller(client({ protocol: 'v2' }), MONITOR).serialize())),
    expect: { error: TypeError, message: 'the token was made for a v2 client, this client speaks v4' },
  },
  {
    name: 'a resume token for a monitor on another origin',
    run: () =>
      attempt(() =>
        resumeAsyncPoller(client(), createAsyncPoller(client({ allowedOrigins: ['https://evil.example'] }), 'https://evil.example/$monitor/1').serialize()),
      ),
    expect: { error: LocationNotAllowedError, message: 'its origin https://evil.example is not allowed' },
  },
  {
    name: 'a resume token with a __proto__ key: dropped, the token still valid, nothing polluted',
    run: () => attempt(() => resumeAsyncPoller(client(), JSON.stringify(validToken()).replace('{', '{"__proto__":{"polluted":"yes"},'))),
    expect: {
      check: (r) => {
        expect(r.error).toBeUndefined();
        expect((r.value as { location: string }).location).toBe(MONITOR);
        expect(Reflect.get({}, 'polluted')).toBeUndefined();
      },
    },
  },
  {
    name: 'a CSRF fetch answered without a token',
    run: async () => {
      const scheduler = new VirtualTimeScheduler();
      const memory = memoryTransport((request) => (request.method === 'GET' ? reply(200, '{}') : reply(403, '', { 'x-csrf-token': 'Required' })), scheduler);
      const c = createODataClient({ serviceRoot: ROOT, transport: memory.transport, protocol: 'v2' });
      const run = settle(c.action('Run').execute());
      scheduler.flush();
      return { error: (await run).error };
    },
    expect: { error: ODataHttpError, message: "answered HTTP 200 without a CSRF token; set csrf: 'never'" },
  },
  {
    name: 'a CSRF token with CR/LF in it (from a custom transport): refused, never sent back as a header',
    run: async () => {
      const scheduler = new VirtualTimeScheduler();
      const memory = memoryTransport(
        (request) => (request.method === 'GET' ? reply(200, '{}', { 'x-csrf-token': 'abc\r\nX-Injected: 1' }) : reply(403, '', { 'x-csrf-token': 'Required' })),
        scheduler,
      );
      const c = createODataClient({ serviceRoot: ROOT, transport: memory.transport, protocol: 'v2' });
      const run = settle(c.action('Run').execute());
      scheduler.flush();
      return { error: (await run).error, sent: memory.sent };
    },
    expect: {
      check: (r) => {
        expect(r.error).toBeInstanceOf(ODataHttpError);
        expect((r.error as Error).message).toContain('answered HTTP 200 with a CSRF token that is not a valid header value');
        expect(r.sent?.map((q) => q.method)).toEqual(['POST', 'GET']);
      },
    },
  },
];

describe('hostile input: bad responses and bad arguments, each with the error it must give', () => {
  beforeAll(async () => {
    server = await startMockODataServer();
    const tenMegabytes = `{"status":"Running","pad":"${'x'.repeat(10 * 1024 * 1024)}"}`;
    bigBody = await startStub((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(tenMegabytes));
  });
  afterAll(async () => {
    await Promise.all([server.close(), bigBody.close()]);
  });

  it('has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES)('$name', async ({ run, expect: expectation }) => {
    const result = await run();
    if ('check' in expectation) {
      expectation.check(result);
      return;
    }
    expect(result.error).toBeInstanceOf(expectation.error);
    expect((result.error as Error).name).toBe(expectation.error.name);
    if (typeof expectation.message === 'string') expect((result.error as Error).message).toContain(expectation.message);
    else expect((result.error as Error).message).toMatch(expectation.message);
  });
});
