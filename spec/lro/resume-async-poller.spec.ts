import { lastValueFrom, of, toArray } from 'rxjs';
import { createAsyncPoller } from '../../lib/lro/async-poller';
import { AsyncPollerToken, makePollerToken } from '../../lib/lro/poller-token';
import { odataV4Dialect } from '../../lib/lro/dialects/odata-v4';
import type { ClientSession } from '../../lib/odata/client-session';
import { resolveAsyncOpOptions } from '../../lib/lro/resolve-async-op-options';
import { resumeAsyncPoller } from '../../lib/lro/resume-async-poller';
import { createODataClient } from '../../lib/odata/odata-client';
import { AsyncOpTimeoutError } from '../../lib/errors/async-op-timeout-error';
import { LocationNotAllowedError } from '../../lib/errors/location-not-allowed-error';
import { summarize } from '../support/marbles';
import { response, scriptedTransport, type Reply } from '../support/scripted-transport';

/** What a token of a v4 poller on a plain monitor is made from: only the session's protocol is read. */
const V4_PLAN = { session: { protocol: 'v4' } as ClientSession, dialect: odataV4Dialect };

const ROOT = 'https://host.example/odata/';
const MONITOR = 'https://host.example/odata/$monitor/1';
const running = () => of(response(202, '', { location: MONITOR }));
const succeeded = () => of(response(200, { status: 'Succeeded' }));

function clientWith(script: Reply[], protocol: 'v4' | 'v2' = 'v4') {
  const { transport, sent } = scriptedTransport(script);
  return { client: createODataClient({ serviceRoot: ROOT, transport, csrf: 'never', protocol }), sent };
}

/**
 * The token with `edit` applied and its checksum made anew, as a tool that knows the documented
 * format could (FNV-1a, 8 hex digits, over the canonical JSON of the other fields).
 */
function resigned(token: AsyncPollerToken, edit: (body: Record<string, unknown>) => void): AsyncPollerToken {
  const body = JSON.parse(JSON.stringify(token)) as Partial<AsyncPollerToken>;
  delete body.checksum;
  edit(body);
  const canonical = (value: unknown): string =>
    typeof value === 'object' && value !== null
      ? `{${Object.keys(value)
          .sort()
          .map((key) => `${JSON.stringify(key)}:${canonical(Reflect.get(value, key))}`)
          .join(',')}}`
      : JSON.stringify(value);
  let hash = 0x811c9dc5;
  for (const char of canonical(body)) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return { ...body, checksum: hash.toString(16).padStart(8, '0') } as AsyncPollerToken;
}

async function twoPollsThenToken(options = {}) {
  const { client } = clientWith([running, running]);
  const poller = createAsyncPoller(client, MONITOR, { pollInterval: 0, maxPolls: 5, statusMap: { scheduled: 'Running' }, ...options });
  await new Promise<void>((done) => {
    const subscription = poller.status$.subscribe((u) => {
      if (u.poll === 2) {
        subscription.unsubscribe();
        done();
      }
    });
  });
  return poller.serialize();
}

describe('poller.serialize()', () => {
  it('gives a JSON-safe token with the monitor, protocol, polls so far and the options that matter', async () => {
    const token = await twoPollsThenToken({ timeout: 60_000 });
    expect(JSON.parse(JSON.stringify(token))).toEqual(token);
    expect(AsyncPollerToken.is(token)).toBe(true);
    expect(token).toMatchObject({
      kind: 'rxjs-odata-async/poller',
      version: 1,
      location: MONITOR,
      protocol: 'v4',
      polls: 2,
      options: {
        pollInterval: 0,
        maxPolls: 5,
        timeout: 60_000,
        retries: 3,
        honorRetryAfter: true,
        cancelOnUnsubscribe: false,
        statusMap: { scheduled: 'Running' },
      },
    });
    expect(typeof token.deadline).toBe('number');
  });

  it('stores Infinity maxPolls and a pollInterval function as null', () => {
    const { client } = clientWith([]);
    const token = createAsyncPoller(client, MONITOR, { maxPolls: Infinity, pollInterval: () => 5 }).serialize();
    expect(token.options).toMatchObject({ maxPolls: null, pollInterval: null, timeout: null });
    expect(token.deadline).toBeNull();
  });
});

describe('resumeAsyncPoller', () => {
  it('continues the same operation: same monitor, the poll count goes on', async () => {
    const token = await twoPollsThenToken();
    const { client, sent } = clientWith([running, succeeded]);
    const updates = await lastValueFrom(resumeAsyncPoller(client, JSON.stringify(token)).status$.pipe(summarize(), toArray()));
    expect(updates).toEqual(['Running/3', 'Succeeded/4']);
    expect(sent.map((r) => r.url)).toEqual([MONITOR, MONITOR]);
  });

  it('keeps maxPolls across the move: 5 in all, not 5 more', async () => {
    const token = await twoPollsThenToken();
    const { client, sent } = clientWith([running, running, running, running]);
    const failure = lastValueFrom(resumeAsyncPoller(client, token).status$);
    await expect(failure).rejects.toBeInstanceOf(AsyncOpTimeoutError);
    await expect(failure).rejects.toMatchObject({ reason: 'maxPolls', polls: 5 });
    expect(sent).toHaveLength(3);
  });

  it('lets options override the token (a pollInterval function comes back this way)', async () => {
    const token = await twoPollsThenToken();
    const { client } = clientWith([running, running, running, running]);
    const failure = lastValueFrom(resumeAsyncPoller(client, token, { maxPolls: 3, pollInterval: () => 0 }).status$);
    await expect(failure).rejects.toMatchObject({ reason: 'maxPolls', polls: 3 });
  });

  it.each<[string, (token: AsyncPollerToken) => unknown, RegExp]>([
    ['not JSON', () => '{"kind": ', /not JSON/],
    ['not a token', () => ({ hello: 'world' }), /not a poller token/],
    ['a negative poll count', (token) => ({ ...token, polls: -1 }), /not a poller token/],
    ['an edited poll count', (token) => ({ ...token, polls: 0 }), /altered or truncated/],
    ['an edited maxPolls', (token) => ({ ...token, options: { ...token.options, maxPolls: 1000 } }), /altered or truncated/],
    ['an edited location', (token) => ({ ...token, location: 'https://host.example/odata/$monitor/2' }), /altered or truncated/],
    ['a wrong version', (token) => ({ ...token, version: 2 }), /not a poller token/],
    ['null', () => null, /not a poller token/],
  ])('refuses %s with a TypeError', async (_, tamper, message) => {
    const token = await twoPollsThenToken();
    const { client, sent } = clientWith([]);
    expect(() => resumeAsyncPoller(client, tamper(token))).toThrow(TypeError);
    expect(() => resumeAsyncPoller(client, tamper(token))).toThrow(message);
    expect(sent).toHaveLength(0);
  });

  it('keeps its checksum when re-serialised with the keys in another order', async () => {
    const token = await twoPollsThenToken();
    const reordered = Object.fromEntries(Object.entries(token).reverse());
    const { client } = clientWith([]);
    expect(resumeAsyncPoller(client, reordered).location).toBe(MONITOR);
  });

  it('resumes a poller whose pollInterval was a fraction of a ms', () => {
    const { client } = clientWith([]);
    const token = createAsyncPoller(client, MONITOR, { pollInterval: 0.5 }).serialize();
    expect(resumeAsyncPoller(client, JSON.stringify(token)).location).toBe(MONITOR);
  });

  it('checks the options of a token again, as the options of a new poller', () => {
    const { client, sent } = clientWith([]);
    const ledger = { location: MONITOR, polls: 0, lastUpdate: undefined, deadline: undefined };
    // Signed like any token: only the option is wrong with it.
    const token = makePollerToken(ledger, V4_PLAN, { ...resolveAsyncOpOptions({}), retries: { count: -1, delay: () => 0 } });
    expect(() => resumeAsyncPoller(client, token)).toThrow(
      new TypeError('resumeAsyncPoller: retries must be an integer >= 0, or { count, delay(attempt, failure) }, got -1'),
    );
    expect(sent).toHaveLength(0);
  });

  it('ignores an option the token format does not have, even under a valid checksum', async () => {
    const token = await twoPollsThenToken();
    const { client } = clientWith([]);
    // The helper is right: the same token re-signed resumes.
    expect(
      resumeAsyncPoller(
        client,
        resigned(token, () => undefined),
      ).location,
    ).toBe(MONITOR);
    // A key of a later version (or of an edit) is neither refused nor applied.
    const later = resigned(token, (body) => Object.assign(body['options'] as object, { pollIntervalJitter: 0.1 }));
    expect(resumeAsyncPoller(client, later).serialize().options).toEqual(token.options);
  });

  describe('on a hidden page', () => {
    beforeEach(() => {
      Object.defineProperty(globalThis, 'document', { value: Object.assign(new EventTarget(), { visibilityState: 'hidden' }), configurable: true });
    });
    afterEach(() => {
      Reflect.deleteProperty(globalThis, 'document');
    });

    it('does not pause for a "pauseWhenHidden" a token carries', async () => {
      const token = await twoPollsThenToken();
      const edited = resigned(token, (body) => Object.assign(body['options'] as object, { pauseWhenHidden: true }));
      const { client, sent } = clientWith([succeeded]);
      const updates: string[] = [];
      const subscription = resumeAsyncPoller(client, edited)
        .status$.pipe(summarize())
        .subscribe((update) => updates.push(update));
      await new Promise((settle) => setTimeout(settle, 50));
      subscription.unsubscribe();
      expect(updates).toEqual(['Succeeded/3']);
      expect(sent).toHaveLength(1);
    });
  });

  it('names resumeAsyncPoller in an option error, for its own options too', () => {
    const { client } = clientWith([]);
    const token = createAsyncPoller(client, MONITOR).serialize();
    expect(() => resumeAsyncPoller(client, token, { maxPolls: 0 })).toThrow(/^resumeAsyncPoller: maxPolls must be a positive integer/);
  });

  it('refuses a token made for a client of the other protocol', async () => {
    const token = await twoPollsThenToken();
    const { client } = clientWith([], 'v2');
    expect(() => resumeAsyncPoller(client, token)).toThrow(/made for a v4 client/);
  });

  it("refuses a token whose monitor is on another origin than the client's", async () => {
    const token = await twoPollsThenToken();
    const { transport, sent } = scriptedTransport([]);
    const other = createODataClient({ serviceRoot: 'https://other.example/odata/', transport, csrf: 'never' });
    expect(() => resumeAsyncPoller(other, token)).toThrow(LocationNotAllowedError);
    expect(sent).toHaveLength(0);
  });
});

describe('resumeAsyncPoller: options override the token', () => {
  it('{ timeout: undefined } lifts the deadline the token carries', async () => {
    // A token whose deadline passed a minute ago, signed like any token.
    const ledger = { location: MONITOR, polls: 1, lastUpdate: undefined, deadline: Date.now() - 60_000 };
    const token = makePollerToken(ledger, V4_PLAN, resolveAsyncOpOptions({ timeout: 1000 }));
    const { client } = clientWith([succeeded]);
    await expect(resumeAsyncPoller(client, token, { timeout: undefined }).wait()).resolves.toMatchObject({ status: 'Succeeded' });
  });
});
