export { startStubServer, type StubServer } from '../support/stub-server';
export { useMockServer } from '../support/use-mock-server';
export { settle, type Settled } from '../support/settle';
/**
 * Shared helpers of the integration suite: the real client (axios over node:http) against the
 * embedded mock OData server on 127.0.0.1. Nothing here fakes HTTP; the only hooks are axios
 * interceptors that record what went over the wire (and, for one CSRF test, react to it).
 */
import axios, { type AxiosInstance, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { createODataClient, type ODataClient, type ODataClientConfig } from '../../lib/index';
import type { LoggedRequest, MockODataServer, Scenario } from '../../lib/testing/index';

/** One request as it left the client (after every header the library added). */
export interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** One response as axios received it (before the library read it). */
export interface WireResponse {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What went over the wire for one client. */
export interface Wire {
  readonly requests: WireRequest[];
  readonly responses: WireResponse[];
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const source: unknown =
    headers !== null && typeof headers === 'object' && 'toJSON' in headers && typeof headers.toJSON === 'function' ? headers.toJSON() : headers;
  if (source === null || typeof source !== 'object') return out;
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.map(String).join('\n') : String(value);
  }
  return out;
}

/** An axios instance that records every request and response, and may react to a response. */
export function recordingAxios(onResponse?: (response: WireResponse) => void): { readonly instance: AxiosInstance; readonly wire: Wire } {
  const wire: Wire = { requests: [], responses: [] };
  const instance = axios.create();
  instance.interceptors.request.use((config: InternalAxiosRequestConfig) => {
    wire.requests.push({ method: (config.method ?? 'get').toUpperCase(), url: String(config.url), headers: lowerCaseHeaders(config.headers) });
    return config;
  });
  instance.interceptors.response.use((response: AxiosResponse<unknown>) => {
    const recorded: WireResponse = {
      method: (response.config.method ?? 'get').toUpperCase(),
      url: String(response.config.url),
      status: response.status,
      headers: lowerCaseHeaders(response.headers),
      body: typeof response.data === 'string' ? response.data : '',
    };
    wire.responses.push(recorded);
    onResponse?.(recorded);
    return response;
  });
  return { instance, wire };
}

let nextTestId = 0;

/** A client whose every request carries a unique `X-Test-Id`, so a test counts only its own requests. */
export interface TestClient {
  readonly client: ODataClient;
  readonly id: string;
  readonly wire: Wire;
  /** This client's requests in the server's log, oldest first. */
  log(): LoggedRequest[];
  /** This client's requests whose path+query starts with `prefix` (path or absolute URL). */
  logTo(prefix: string): LoggedRequest[];
  /** This client's requests once each has been answered (or abandoned): the log to count. */
  done(): Promise<LoggedRequest[]>;
}

export interface TestClientOptions extends Omit<ODataClientConfig, 'serviceRoot' | 'axios'> {
  /** A named scenario (`X-Mock-Scenario`). */
  readonly scenario?: string;
  /** An inline scenario (`X-Mock-Scenario-Json`), layered over the named one. */
  readonly inline?: Scenario;
  /** Called for each response as axios receives it. */
  readonly onResponse?: (response: WireResponse) => void;
}

export function testClient(server: MockODataServer, serviceRoot: string, options: TestClientOptions = {}): TestClient {
  const { scenario, inline, onResponse, headers, ...config } = options;
  nextTestId += 1;
  const id = `t${nextTestId}-${Math.random().toString(36).slice(2, 8)}`;
  const { instance, wire } = recordingAxios(onResponse);
  const client = createODataClient({
    serviceRoot,
    axios: instance,
    ...config,
    headers: {
      'X-Test-Id': id,
      ...(scenario === undefined ? {} : { 'X-Mock-Scenario': scenario }),
      ...(inline === undefined ? {} : { 'X-Mock-Scenario-Json': JSON.stringify(inline) }),
      ...headers,
    },
  });
  const log = (): LoggedRequest[] => server.requestsTo((r) => r.headers['x-test-id'] === id);
  const logTo = (prefix: string): LoggedRequest[] => {
    const path = prefix.startsWith(server.origin) ? prefix.slice(server.origin.length) : prefix;
    return log().filter((r) => r.url.startsWith(path));
  };
  const done = async (): Promise<LoggedRequest[]> => {
    // The server records the status when the answer is flushed, which may be a turn after the client read it.
    await until(() => log().every((r) => r.status !== undefined || r.aborted === true || r.fault === 'reset'), 'every request to be answered');
    return log();
  };
  return { client, id, wire, log, logTo, done };
}

/** The path+query of an absolute URL of the server, as the request log shows it. */
export function pathOf(server: MockODataServer, url: string): string {
  if (!url.startsWith(server.origin)) throw new Error(`${url} is not on ${server.origin}`);
  return url.slice(server.origin.length);
}

/** `METHOD url status` lines: compact and exact for `toEqual`. */
export function summary(requests: readonly LoggedRequest[]): string[] {
  return requests.map((r) => `${r.method} ${r.url} ${r.status ?? (r.aborted === true ? 'aborted' : 'pending')}`);
}

/** Resolves once `condition` holds, checking once per event-loop turn, for a bounded number of turns. */
export async function until(condition: () => boolean, what: string, turns = 3000): Promise<void> {
  for (let turn = 0; turn < turns; turn += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`timed out after ${turns} event-loop turns waiting for ${what}`);
}

/** Lets `turns` event-loop turns pass: to show that nothing more happens (no sleeps of fixed duration). */
export async function turns(count = 20): Promise<void> {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** Asserts the value is an instance of the class and returns it narrowed. */
export function expectInstance<T>(value: unknown, type: abstract new (...args: never[]) => T): T {
  expect(value).toBeInstanceOf(type);
  if (!(value instanceof type)) throw new Error('unreachable');
  return value;
}
