/**
 * A vendor of the user's own: the made-up "Acme Jobs" API read by the one-file dialect of
 * stories/dialects/acme-jobs-dialect.ts (the README shows it), over HTTP, through the public API.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { AsyncOpFailedError, asyncOp$, azureDialect, createAsyncPoller, odataV4Dialect, ODataProtocolError } from 'rxjs-odata-async';
import { acmeJobsDialect } from '../../../stories/dialects/acme-jobs-dialect';
import { clientFor, serve, settle, type Reply } from '../../support/scripted-server';

const job = (phase: string, extra: Record<string, unknown> = {}): Reply => ({ status: 200, body: { job: { phase, ...extra } } });
const started: Reply = { status: 201, headers: { 'X-Job': '/jobs/7' }, body: { job: { phase: 'QUEUED' } } };

describe('a dialect of your own (Acme Jobs)', () => {
  it('polls the job its first answer names until DONE, with progress and the result link', async () => {
    const s = await serve({ 'POST /svc/jobs': started, 'GET /jobs/7': [job('RUNNING', { pct: 40 }), job('DONE', { pct: 100, output: '/jobs/7/output' })] });
    const client = clientFor(s);
    const r = await settle(client.request({ method: 'POST', path: 'jobs' }).pipe(asyncOp$(client, { dialect: acmeJobsDialect, pollInterval: 2 })));
    expect(r.error).toBeUndefined();
    expect(r.values.map((u) => [u.status, u.poll, u.rawStatus, u.percentComplete])).toEqual([
      ['Running', 0, undefined, undefined],
      ['Running', 1, 'RUNNING', 40],
      ['Succeeded', 2, 'DONE', 100],
    ]);
    expect(r.values.at(-1)?.resultUrl).toBe(`${s.origin}/jobs/7/output`);
    expect(s.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['POST /svc/jobs', 'GET /jobs/7', 'GET /jobs/7']);
  });

  it('ends Failed with the reason as the error', async () => {
    const s = await serve({ 'POST /svc/jobs': started, 'GET /jobs/7': job('ERROR', { reason: 'Disk full' }) });
    const client = clientFor(s);
    const r = await settle(client.request({ method: 'POST', path: 'jobs' }).pipe(asyncOp$(client, { dialect: acmeJobsDialect, pollInterval: 2 })));
    expect(r.error).toBeInstanceOf(AsyncOpFailedError);
    expect(r.values.at(-1)).toMatchObject({ status: 'Failed', error: { code: 'ERROR', message: 'Disk full' } });
  });

  it('refuses an answer that is no job (a login page behind a proxy, a wrong shape), never a success', async () => {
    for (const answer of [
      { status: 200, body: { job: { phase: 'FINISHED' } } },
      { status: 200, body: { phase: 'DONE' } },
      { status: 200, body: 'DONE', headers: { 'Content-Type': 'text/plain' } },
    ]) {
      const s = await serve({ 'POST /svc/jobs': started, 'GET /jobs/7': answer });
      const client = clientFor(s);
      const r = await settle(client.request({ method: 'POST', path: 'jobs' }).pipe(asyncOp$(client, { dialect: acmeJobsDialect, pollInterval: 2 })));
      expect(r.error).toBeInstanceOf(ODataProtocolError);
      expect(r.values.map((u) => u.status)).toEqual(['Running']);
    }
  });

  it('is chosen from a list by its first answer, the others left to theirs', async () => {
    const s = await serve({
      'POST /svc/jobs': started,
      'GET /jobs/7': job('DONE'),
      'POST /svc/run': { status: 202, headers: { Location: '/svc/$monitor/1' } },
      'GET /svc/$monitor/1': { status: 200, headers: { AsyncResult: '204' } },
    });
    const client = clientFor(s);
    const dialect = [azureDialect, acmeJobsDialect, odataV4Dialect];
    const acme = await settle(client.request({ method: 'POST', path: 'jobs' }).pipe(asyncOp$(client, { dialect, pollInterval: 2 })));
    const odata = await settle(client.request({ method: 'POST', path: 'run' }).pipe(asyncOp$(client, { dialect, pollInterval: 2 })));
    expect([acme.values.at(-1)?.rawStatus, odata.values.at(-1)?.status]).toEqual(['DONE', 'Succeeded']);
  });

  it("cancels with the vendor's own request", async () => {
    const s = await serve({ 'POST /jobs/7/cancel': { status: 204 } });
    const poller = createAsyncPoller(clientFor(s), `${s.origin}/jobs/7`, { dialect: acmeJobsDialect });
    await expect(lastValueFrom(poller.cancel())).resolves.toMatchObject({ status: 'Cancelled' });
    expect(s.requests.map((q) => `${q.method} ${q.path}`)).toEqual(['POST /jobs/7/cancel']);
  });

  it('is the README example, verbatim', () => {
    const file = readFileSync(join(__dirname, '../../../stories/dialects/acme-jobs-dialect.ts'), 'utf8');
    const region = /\/\/ #region dialect\n([\s\S]*?)\/\/ #endregion dialect/.exec(file)?.[1] ?? '';
    expect(region.length).toBeGreaterThan(500);
    expect(readFileSync(join(__dirname, '../../../README.md'), 'utf8')).toContain(region.trim());
  });
});
