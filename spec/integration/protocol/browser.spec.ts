/**
 * What a browser needs: the async headers exposed to cross-origin scripts (documented in the
 * README, done by the embedded server), and no polling while the page is hidden.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BehaviorSubject, type Subscription } from 'rxjs';
import { asyncOp$, type AsyncOpUpdate } from 'rxjs-odata-async';
import { startMockODataServer } from 'rxjs-odata-async/testing';
import { accepted, clientFor, ok, pause, serve, until } from '../../support/scripted-server';

/** A bare HTTP exchange, as a browser's fetch would make it (with its Origin header). */
function call(method: string, url: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('in a browser', () => {
  it('the README tells users to expose Location, Retry-After and AsyncResult with Access-Control-Expose-Headers', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    expect(readme).toMatch(/Access-Control-Expose-Headers/);
    for (const h of ['Location', 'Retry-After', 'AsyncResult']) expect(readme).toContain(h);
  });

  it('the embedded server exposes Location, Retry-After and AsyncResult on a cross-origin 202 and completion', async () => {
    const mock = await startMockODataServer();
    try {
      const origin = 'http://localhost:4200';
      const started = await call(
        'POST',
        `${mock.v4Root}SalesReportGenerate`,
        { Origin: origin, Prefer: 'respond-async', 'Content-Type': 'application/json', 'X-Mock-Scenario': 'fast' },
        JSON.stringify({ Year: 2024 }),
      );
      expect(started.status).toBe(202);
      expect(started.headers['preference-applied']).toBe('respond-async');
      const exposed = String(started.headers['access-control-expose-headers']).toLowerCase();
      for (const h of ['location', 'retry-after', 'asyncresult']) expect(exposed).toContain(h);
      expect(started.headers['access-control-allow-origin']).toBe(origin);
      const monitor = new URL(String(started.headers['location']), `${mock.v4Root}SalesReportGenerate`).href;
      let done = await call('GET', monitor, { Origin: origin });
      for (let i = 0; i < 20 && done.status === 202; i++) done = await call('GET', monitor, { Origin: origin });
      expect(done.status).toBe(200);
      expect(String(done.headers['access-control-expose-headers']).toLowerCase()).toContain('asyncresult');
    } finally {
      await mock.close();
    }
  });

  it('pauseWhenHidden: a hidden page sends no poll; becoming visible sends the due poll at once', async () => {
    const s = await serve({ 'POST /svc/Run': accepted('/svc/mon'), 'GET /svc/mon': ok({ status: 'Succeeded' }) });
    const client = clientFor(s);
    const visible$ = new BehaviorSubject(false);
    const updates: AsyncOpUpdate[] = [];
    let done = false;
    const sub: Subscription = client
      .action('Run')
      .execute()
      .pipe(asyncOp$(client, { pollInterval: 1, pauseWhenHidden: visible$ }))
      .subscribe({ next: (u) => updates.push(u), complete: () => (done = true) });
    await until(() => updates.length === 1, 'the 202 update');
    await pause(50);
    expect(s.hits('GET', '/svc/mon')).toHaveLength(0);
    visible$.next(true);
    await until(() => done, 'completion');
    sub.unsubscribe();
    expect(s.hits('GET', '/svc/mon')).toHaveLength(1);
  });
});
