import { lastValueFrom, of, toArray } from 'rxjs';
import { createAsyncPoller } from '../../lib/async-op/async-poller';
import { AsyncPollerToken, makePollerToken } from '../../lib/async-op/poller-token';
import { resolveAsyncOpOptions } from '../../lib/async-op/resolve-async-op-options';
import { resumeAsyncPoller } from '../../lib/async-op/resume-async-poller';
import { createODataClient } from '../../lib/client/odata-client';
import { AsyncOpTimeoutError } from '../../lib/errors/async-op-timeout-error';
import { LocationNotAllowedError } from '../../lib/errors/location-not-allowed-error';
import { summarize } from '../support/marbles';
import { response, scriptedTransport, type Reply } from '../support/scripted-transport';

const ROOT = 'https://host.example/odata/';
const MONITOR = 'https://host.example/odata/$monitor/1';
const running = () => of(response(202, '', { location: MONITOR }));
const succeeded = () => of(response(200, { status: 'Succeeded' }));

function clientWith(script: Reply[], protocol: 'v4' | 'v2' = 'v4') {
  const { transport, sent } = scriptedTransport(script);
  return { client: createODataClient({ serviceRoot: ROOT, transport, csrf: 'never', protocol }), sent };
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
    const token = makePollerToken(ledger, 'v4', { ...resolveAsyncOpOptions({}), retries: -1 });
    expect(() => resumeAsyncPoller(client, token)).toThrow(new TypeError('asyncOp$: retries must be an integer >= 0, got -1'));
    expect(sent).toHaveLength(0);
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
