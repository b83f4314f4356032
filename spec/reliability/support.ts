export { startStubServer as startStub, type StubServer } from '../support/stub-server';
export { mulberry32 } from '../support/seeded-random';
export { settle, type Settled } from '../support/settle';
/**
 * Helpers of the reliability suites: a seeded PRNG, a bounded-concurrency pool, the real
 * process (jest's sandbox has its own `process` object, whose events never fire), a trap for
 * unhandled rejections and errors, handle counts, and an in-memory transport that records
 * what was sent and when.
 */
import type { Agent } from 'node:http';
import { runInThisContext } from 'node:vm';
import { Observable, config as rxjsConfig, type SchedulerLike } from 'rxjs';
import type { HttpRequest, HttpResponse, Transport } from '../../lib/http/http';
import { ODataNetworkError } from '../../lib/errors/odata-network-error';

/** The Node process itself, not jest's copy of it: its events ('unhandledRejection') really fire. */
export const realProcess: NodeJS.Process = runInThisContext('process');

/** A seed from an environment variable (decimal or 0x-hex), else the fixed default. */
export function seedFrom(variable: string, fallback: number): number {
  const text = process.env[variable];
  if (text === undefined || text.trim() === '') return fallback;
  const seed = Number(text.trim());
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new TypeError(`${variable} must be an integer 0..2^32-1, got ${JSON.stringify(text)}`);
  return seed;
}

/** Random helpers over one PRNG. */
export interface Dice {
  readonly random: () => number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  /** One of `items`, by weight. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T;
  pick<T>(items: readonly T[]): T;
}

export function dice(random: () => number): Dice {
  return {
    random,
    int: (min, max) => min + Math.floor(random() * (max - min + 1)),
    chance: (p) => random() < p,
    weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
      const total = items.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = random() * total;
      for (const [item, weight] of items) {
        roll -= weight;
        if (roll < 0) return item;
      }
      const last = items[items.length - 1];
      if (last === undefined) throw new Error('weighted() needs items');
      return last[0];
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick() needs items');
      return items[Math.floor(random() * items.length)] as T;
    },
  };
}

/** Runs `task` over `items`, at most `concurrency` at a time; results in input order. */
export async function pool<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      const item = items[index] as T;
      results[index] = await task(item, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Resolves once `condition` holds, checking every few ms, or rejects after `ms` (a bound on a failure, not a pace). */
export async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`gave up after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Lets `count` event-loop turns (timer phases) pass. */
export async function turns(count = 10): Promise<void> {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => setTimeout(resolve, 1));
}

/**
 * Records unhandled promise rejections (on the real process) and errors RxJS could not deliver
 * (a subscriber without an error callback) while installed.
 */
export function trapUnhandled(): { readonly errors: unknown[]; restore(): void } {
  const errors: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    errors.push(reason);
  };
  realProcess.on('unhandledRejection', onRejection);
  const previous = rxjsConfig.onUnhandledError;
  rxjsConfig.onUnhandledError = (error: unknown) => {
    errors.push(error);
  };
  return {
    errors,
    restore() {
      realProcess.off('unhandledRejection', onRejection);
      rxjsConfig.onUnhandledError = previous;
    },
  };
}

/** Active handles and requests by type (`Timeout`, `TCPSocketWrap`, …), from `process.getActiveResourcesInfo()`. */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of realProcess.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** Sockets of an http.Agent: in use, idle in the keep-alive pool, and requests waiting for one. */
export function agentSockets(agent: Agent): { readonly busy: number; readonly free: number; readonly queued: number } {
  const count = (group: NodeJS.ReadOnlyDict<readonly unknown[]>): number => Object.values(group).reduce((sum, list) => sum + (list?.length ?? 0), 0);
  return { busy: count(agent.sockets), free: count(agent.freeSockets), queued: count(agent.requests) };
}

/** One request the in-memory transport was asked to send. */
export interface SentRequest extends HttpRequest {
  /** The scheduler's clock when it went out (at subscription). */
  readonly at: number;
  /** Sequence number, from 0. */
  readonly seq: number;
  /** The scheduler's clock when its answer (or network error) was delivered; absent if aborted first. */
  answeredAt?: number;
}

/** How the in-memory transport answers one request. */
export type Answer = HttpResponse | NetworkFailure | { readonly delayMs: number; readonly then: HttpResponse | NetworkFailure };

/** No answer at all: the transport fails with an `ODataNetworkError` of this code. */
export interface NetworkFailure {
  readonly networkError: string;
}

/**
 * An in-memory {@link Transport}: `answer` decides each response from the request and its
 * sequence number. Responses arrive on `scheduler` (synchronously when no delay is asked for),
 * so a `VirtualTimeScheduler` runs a whole poll loop in no real time. It records every request
 * at subscription and counts the ones in flight, so a test can see aborts and late requests.
 */
export function memoryTransport(answer: (request: HttpRequest, seq: number) => Answer, scheduler?: SchedulerLike) {
  const sent: SentRequest[] = [];
  let inFlight = 0;
  let aborted = 0;
  const transport: Transport = (request) =>
    new Observable<HttpResponse>((subscriber) => {
      const seq = sent.length;
      const record: SentRequest = { ...request, at: scheduler?.now() ?? Date.now(), seq };
      sent.push(record);
      const reply = answer(request, seq);
      const deliver = (response: HttpResponse | NetworkFailure): void => {
        record.answeredAt = scheduler?.now() ?? Date.now();
        if ('networkError' in response) {
          subscriber.error(new ODataNetworkError({ method: request.method, url: request.url, code: response.networkError }));
        } else {
          subscriber.next(response);
          subscriber.complete();
        }
      };
      if (!('delayMs' in reply)) {
        deliver(reply);
        return undefined;
      }
      if (scheduler === undefined) throw new Error('a delayed answer needs a scheduler');
      inFlight += 1;
      let done = false;
      const action = scheduler.schedule(() => {
        done = true;
        inFlight -= 1;
        deliver(reply.then);
      }, reply.delayMs);
      return () => {
        action.unsubscribe();
        if (!done) {
          inFlight -= 1;
          aborted += 1;
        }
      };
    });
  return {
    transport,
    sent,
    inFlight: () => inFlight,
    aborted: () => aborted,
  };
}

/** A response with a JSON body (object) or a text body (string), header names in lower case. */
export function reply(status: number, body: unknown = '', headers: Record<string, string> = {}): HttpResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const contentType: Record<string, string> = typeof body === 'string' ? {} : { 'content-type': 'application/json' };
  return { status, headers: { ...contentType, ...headers }, body: text };
}
