import { connect } from 'node:net';
import { LOGIN_PAGE, MALFORMED_HEAD_BYTES, MALFORMED_JSON_BODY, RESET_MID_BODY_BYTES, UNDECODABLE_BODY } from '../../lib/testing/faults.js';

/** GET `url` over a bare socket: every byte the server wrote until it closed or reset the connection. */
function rawGet(url: string): Promise<string> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve) => {
    let received = '';
    const socket = connect(Number(port), hostname, () => socket.write(`GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      resolve(received);
    });
  });
}
import type { FaultKind } from '../../lib/testing/index.js';
import { bodyOf, header, pick, postJson, useMockServer, waitFor } from './support.js';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

describe('mock server faults on monitor requests', () => {
  const server = useMockServer();

  /** Starts a v4 operation whose first monitor GET gets the fault; returns the monitor URL. */
  async function v4Monitor(fault: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<string> {
    const scenario = JSON.stringify({ runningPolls: 1, faults: [{ at: 1, ...fault }], ...extra });
    const res = await fetch(`${server().v4Root}SalesReportGenerate`, postJson({ Year: 2024 }, { Prefer: 'respond-async', 'X-Mock-Scenario-Json': scenario }));
    return header(res, 'location');
  }

  const logOf = (url: string) => server().requestsTo(url);

  it.each<[FaultKind, number]>([
    ['500', 500],
    ['502', 502],
    ['503', 503],
    ['504', 504],
    ['408', 408],
  ])('answers a %s fault with a v4 error body and does not advance the operation', async (kind, status) => {
    const monitor = await v4Monitor({ kind });
    const res = await fetch(monitor);
    expect(res.status).toBe(status);
    expect(res.headers.get('retry-after')).toBeNull();
    expect(await bodyOf(res)).toMatchObject({ error: { code: expect.any(String), message: expect.stringContaining('Injected fault') } });
    expect(logOf(monitor).at(-1)).toMatchObject({ status, fault: kind });
    // The fault did not count as a Running answer: one Running, then done.
    expect((await fetch(monitor)).status).toBe(202);
    expect((await fetch(monitor)).status).toBe(200);
    expect(
      server()
        .operations()
        .find((op) => op.monitorUrl === monitor)?.polls,
    ).toBe(3);
  });

  it('sends Retry-After with 429 (1 s by default) and with a 503 that asks for it', async () => {
    const tooMany = await fetch(await v4Monitor({ kind: '429' }));
    expect(tooMany.status).toBe(429);
    expect(header(tooMany, 'retry-after')).toBe('1');
    const custom = await fetch(await v4Monitor({ kind: '429', retryAfter: 0 }));
    expect(header(custom, 'retry-after')).toBe('0');
    const unavailable = await fetch(await v4Monitor({ kind: '503', retryAfter: 2 }));
    expect(header(unavailable, 'retry-after')).toBe('2');
  });

  it('resets the connection without an answer', async () => {
    const monitor = await v4Monitor({ kind: 'reset' });
    await expect(fetch(monitor)).rejects.toThrow();
    await waitFor(() => logOf(monitor).length === 1 && logOf(monitor)[0]?.fault === 'reset');
    const entry = logOf(monitor)[0];
    expect(entry?.status).toBeUndefined();
    expect(entry?.aborted).toBeUndefined();
    expect((await fetch(monitor)).status).toBe(202);
  });

  it('answers a slow request after its delay', async () => {
    const monitor = await v4Monitor({ kind: 'slow', delayMs: 80 });
    const began = Date.now();
    const res = await fetch(monitor);
    expect(Date.now() - began).toBeGreaterThanOrEqual(70);
    expect(res.status).toBe(202);
    expect(logOf(monitor)[0]).toMatchObject({ status: 202, fault: 'slow' });
  });

  it('logs aborted: true when the client leaves during a slow answer, without advancing the operation', async () => {
    // The server's delay runs on fake timers (only setTimeout and setInterval are faked; sockets,
    // fetch and promises are real): the client surely leaves before the delay ends, however slow
    // the machine, and the delay then ends at once instead of after a real-time wait.
    jest.useFakeTimers({ doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate'] });
    try {
      const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
      const until = async (condition: () => boolean) => {
        while (!condition()) await nextTurn();
      };
      const monitor = await v4Monitor({ kind: 'slow', delayMs: 150 });
      const controller = new AbortController();
      const pending = fetch(monitor, { signal: controller.signal });
      await until(() => logOf(monitor).length === 1);
      controller.abort();
      await expect(pending).rejects.toThrow();
      await until(() => logOf(monitor)[0]?.aborted === true);
      jest.advanceTimersByTime(150);
      expect(logOf(monitor)[0]?.status).toBeUndefined();
      // The abandoned answer was never given: the operation is still at its first Running answer.
      expect((await fetch(monitor)).status).toBe(202);
      expect((await fetch(monitor)).status).toBe(200);
    } finally {
      jest.useRealTimers();
    }
  });

  it('answers truncated JSON for malformed-json', async () => {
    const res = await fetch(await v4Monitor({ kind: 'malformed-json' }));
    expect(res.status).toBe(200);
    expect(header(res, 'content-type')).toBe('application/json');
    expect(await res.text()).toBe(MALFORMED_JSON_BODY);
  });

  it('answers an HTML page from a proxy for html-502', async () => {
    const res = await fetch(await v4Monitor({ kind: 'html-502' }));
    expect(res.status).toBe(502);
    expect(header(res, 'content-type')).toBe('text/html');
    expect(await res.text()).toContain('<h1>502 Bad Gateway</h1>');
  });

  it('answers a login page with 200 for html-200 (a single sign-on proxy whose session expired)', async () => {
    const monitor = await v4Monitor({ kind: 'html-200' });
    const res = await fetch(monitor);
    expect(res.status).toBe(200);
    expect(header(res, 'content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toBe(LOGIN_PAGE);
    expect(logOf(monitor)[0]).toMatchObject({ status: 200, fault: 'html-200' });
    expect((await fetch(monitor)).status).toBe(202);
  });

  it.each<[FaultKind, string]>([
    ['reset-mid-body', RESET_MID_BODY_BYTES],
    ['malformed-head', MALFORMED_HEAD_BYTES],
  ])('writes the raw bytes of %s on the socket, then breaks the connection; the operation does not advance', async (kind, bytes) => {
    const monitor = await v4Monitor({ kind });
    const received = await rawGet(monitor);
    expect(received.startsWith(bytes.slice(0, 40))).toBe(true);
    await waitFor(() => logOf(monitor)[0]?.fault === kind);
    expect(logOf(monitor)[0]?.status).toBeUndefined();
    expect(logOf(monitor)[0]?.aborted).toBeUndefined();
    expect((await fetch(monitor)).status).toBe(202);
  });

  it('sends a body that is not gzip with Content-Encoding: gzip for undecodable-body', async () => {
    const monitor = await v4Monitor({ kind: 'undecodable-body' });
    const received = await rawGet(monitor);
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(received.toLowerCase()).toContain('content-encoding: gzip');
    expect(received).toContain(UNDECODABLE_BODY);
    await waitFor(() => logOf(monitor)[0]?.status === 200);
    expect(logOf(monitor)[0]).toMatchObject({ status: 200, fault: 'undecodable-body' });
    expect((await fetch(monitor)).status).toBe(202);
  });

  it('applies the flaky scenario: 503, then 429 with Retry-After, then the normal answers', async () => {
    const start = await fetch(`${server().v4Root}SalesReportGenerate?mock-scenario=flaky`, postJson({ Year: 2024 }, { Prefer: 'respond-async' }));
    const monitor = header(start, 'location');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await fetch(monitor)).status);
    expect(statuses).toEqual([503, 429, 202, 202, 200]);
  });

  it('shapes fault bodies like the service: SAP errors on v2, Azure errors on Azure', async () => {
    const tokenRes = await fetch(server().v2Root, { headers: { 'X-CSRF-Token': 'Fetch' } });
    const cookie = tokenRes.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const v2 = await fetch(`${server().v2Root}SalesReportGenerate?Year=2024&mock-scenario=flaky`, {
      method: 'POST',
      headers: { 'X-CSRF-Token': header(tokenRes, 'x-csrf-token'), Cookie: cookie, Prefer: 'respond-async' },
    });
    const v2Fault = await fetch(header(v2, 'location'));
    expect(v2Fault.status).toBe(503);
    expect(pick(await bodyOf(v2Fault), 'error', 'message', 'lang')).toBe('en');

    const azure = await fetch(`${server().azureRoot}operations/start`, postJson({}, { 'X-Mock-Scenario': 'flaky' }));
    const azureFault = await fetch(header(azure, 'location'));
    expect(await bodyOf(azureFault)).toEqual({ error: { code: 'ServiceUnavailable', message: expect.any(String) } });
  });
});
