export { useMockServer } from '../support/use-mock-server';
import { request } from 'node:http';

/** A POST with a JSON body. */
export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Reads a body as JSON (tests then assert on the `unknown` with `toEqual` / `toMatchObject`). */
export async function bodyOf(res: Response): Promise<unknown> {
  return JSON.parse(await res.text());
}

/** Walks into an unknown JSON value; `undefined` when a step is missing. */
export function pick(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    const next: unknown = Reflect.get(current, step);
    current = next;
  }
  return current;
}

/** A header that the test expects to be there. */
export function header(res: Response, name: string): string {
  const value = res.headers.get(name);
  if (value === null) throw new Error(`expected a ${name} header, got ${JSON.stringify([...res.headers])}`);
  return value;
}

/** Polls `url` until the answer is not a running 202, returning every answer's status. */
export async function pollToEnd(url: string, init: RequestInit = {}, max = 20): Promise<{ statuses: number[]; last: Response }> {
  const statuses: number[] = [];
  let next = url;
  for (let i = 0; i < max; i += 1) {
    const res = await fetch(next, init);
    statuses.push(res.status);
    if (res.status !== 202) return { statuses, last: res };
    next = new URL(res.headers.get('location') ?? next, next).href;
    await res.arrayBuffer();
  }
  throw new Error(`still running after ${max} polls`);
}

/**
 * Waits until `condition` holds (checked every 5 ms), failing after `timeoutMs`: a bound on a
 * failure, far above what a machine busy with other work takes (and below the tests' timeouts).
 */
export async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The answer of a raw node:http request. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * A request through node:http, which (unlike fetch) sends no `Accept` header unless told to:
 * the 4.0 envelope rule depends on a missing `Accept`.
 */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
