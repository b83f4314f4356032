/**
 * Status bodies as SAP Gateway, Azure and Microsoft Graph monitors send them: the body's status
 * word decides (not the HTTP code), with its progress and result link; a body without a status
 * word is the result itself.
 */
import * as t from 'io-ts';
import { AsyncOpFailedError, AsyncOpStatus, LocationNotAllowedError, ODataProtocolError } from 'rxjs-odata-async';
import { accepted, brief, clientFor, ok, pollMonitor, run, running, serve } from '../../support/scripted-server';

describe('status bodies', () => {
  describe('SAP Gateway', () => {
    it('{"Status":"Running"} on a 200 is Running: the body decides, not the HTTP code', async () => {
      const { r } = await pollMonitor([ok({ Status: 'Running' }), ok({ Status: 'Succeeded' })]);
      expect(r.error).toBeUndefined();
      expect(brief(r.values).map(([st]) => st)).toEqual([AsyncOpStatus.Running, AsyncOpStatus.Running, AsyncOpStatus.Succeeded]);
      expect(r.values[1]?.rawStatus).toBe('Running');
    });

    it('{"Status":"Succeeded","ResultURL":"/sap/..."} gives an absolute resultUrl on the service origin', async () => {
      const { s, r } = await pollMonitor([ok({ Status: 'Succeeded', ResultURL: "/sap/opu/odata/sap/MY_SRV/Reports('42')" })]);
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Succeeded, resultUrl: `${s.origin}/sap/opu/odata/sap/MY_SRV/Reports('42')` });
    });

    it('v2 {"d":{"Status":"Running","PercentComplete":40}} is Running at 40 %', async () => {
      const { r } = await pollMonitor(
        [
          ok({ d: { __metadata: { type: 'ZSALES_SRV.OperationStatus' }, Status: 'Running', PercentComplete: 40 } }),
          ok({ d: { Status: 'Succeeded', PercentComplete: 100 } }),
        ],
        {},
        { protocol: 'v2' },
      );
      expect(r.error).toBeUndefined();
      expect(r.values[1]).toMatchObject({ status: AsyncOpStatus.Running, percentComplete: 40, rawStatus: 'Running' });
      expect(r.values[2]).toMatchObject({ status: AsyncOpStatus.Succeeded, percentComplete: 100 });
    });

    it('the v2 "d" wrapper is read whatever the client protocol (a v4 client polling a SAP status entity)', async () => {
      const { r } = await pollMonitor([ok({ d: { Status: 'Running', PercentComplete: 10 } }), ok({ d: { Status: 'Succeeded' } })]);
      expect(r.error).toBeUndefined();
      expect(r.values[1]).toMatchObject({ status: AsyncOpStatus.Running, percentComplete: 10 });
      expect(r.values[2]?.status).toBe(AsyncOpStatus.Succeeded);
    });

    it('a v2 d-wrapped Failed with an error code and {lang,value} message is Failed with that text', async () => {
      const { r } = await pollMonitor(
        ok({ d: { Status: 'Failed', error: { code: 'ZSALES/500', message: { lang: 'en', value: 'Report aborted' } } } }),
        {},
        { protocol: 'v2' },
      );
      expect(r.values.at(-1)?.status).toBe(AsyncOpStatus.Failed);
      expect((r.error as AsyncOpFailedError).odataError).toMatchObject({ code: 'ZSALES/500', message: 'Report aborted' });
    });

    it('a relative ResultURL is resolved against the monitor URL', async () => {
      const s = await serve({ 'POST /svc/Run': accepted('/svc/ops/mon'), 'GET /svc/ops/mon': ok({ Status: 'Succeeded', ResultURL: 'result/7' }) });
      const r = await run(clientFor(s));
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)?.resultUrl).toBe(`${s.origin}/svc/ops/result/7`);
    });

    it('the result codec fetches the resultUrl and decodes it (v2 d wrapper)', async () => {
      const { s, r } = await pollMonitor(
        [ok({ d: { Status: 'Succeeded', ResultURL: '/svc/results/1' } })],
        { result: t.type({ ID: t.string, Total: t.string }) },
        { protocol: 'v2' },
      );
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)?.result).toEqual({ ID: '1', Total: '12.50' });
      expect(s.hits('GET', '/svc/results/1')).toHaveLength(1);
    });
  });

  describe('Azure', () => {
    it('{"status":"InProgress","percentComplete":42.0} is Running at 42 %', async () => {
      const { r } = await pollMonitor([ok({ status: 'InProgress', percentComplete: 42.0 }), ok({ status: 'Succeeded' })]);
      expect(r.error).toBeUndefined();
      expect(r.values[1]).toMatchObject({ status: AsyncOpStatus.Running, percentComplete: 42, rawStatus: 'InProgress' });
      expect(r.values[2]).toMatchObject({ status: AsyncOpStatus.Succeeded, rawStatus: 'Succeeded' });
    });

    it('{"status":"Failed","error":{code,message}} is Failed with that error', async () => {
      const { r } = await pollMonitor([ok({ status: 'Failed', error: { code: 'QuotaExceeded', message: 'Quota exceeded' } })]);
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Failed, error: { code: 'QuotaExceeded', message: 'Quota exceeded' } });
      expect(r.error).toBeInstanceOf(AsyncOpFailedError);
      expect((r.error as AsyncOpFailedError).odataError).toMatchObject({ code: 'QuotaExceeded', message: 'Quota exceeded' });
    });

    it('{"status":"Canceled"} is Cancelled and completes the stream', async () => {
      const { r } = await pollMonitor([ok({ status: 'Canceled' })]);
      expect(r.error).toBeUndefined();
      expect(r.completed).toBe(true);
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Cancelled, rawStatus: 'Canceled' });
    });
  });

  describe('Microsoft Graph', () => {
    it('a copy monitor answers 202 even when done: inProgress 27.8 is Running, completed 100 is Succeeded', async () => {
      const { s, r } = await pollMonitor([
        { status: 202, body: { status: 'inProgress', percentageComplete: 27.8 } },
        { status: 202, body: { status: 'completed', percentageComplete: 100, resourceId: '01ABC' } },
        { status: 202, body: { status: 'completed', percentageComplete: 100, resourceId: '01ABC' } },
      ]);
      expect(r.error).toBeUndefined();
      expect(r.completed).toBe(true);
      expect(r.values[1]).toMatchObject({ status: AsyncOpStatus.Running, percentComplete: 27.8 });
      expect(r.values[2]).toMatchObject({ status: AsyncOpStatus.Succeeded, percentComplete: 100, rawStatus: 'completed' });
      expect(s.hits('GET', '/svc/mon')).toHaveLength(2);
    });

    it('a 202 {"status":"failed","error":{..}} is Failed with that error although the HTTP code is 202', async () => {
      const { r } = await pollMonitor({ status: 202, body: { status: 'failed', error: { code: 'copyFailed', message: 'Disk full' } } });
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Failed, error: { code: 'copyFailed', message: 'Disk full' } });
      expect(r.error).toBeInstanceOf(AsyncOpFailedError);
    });

    it('{"status":"running"} then {"status":"succeeded","resourceLocation":<same origin>} gives that resultUrl', async () => {
      const { s, r } = await pollMonitor([ok({ status: 'running' }), (_q, st) => ok({ status: 'succeeded', resourceLocation: `${st.origin}/svc/results/1` })]);
      expect(r.error).toBeUndefined();
      expect(r.values.map((u) => u.status)).toEqual([AsyncOpStatus.Running, AsyncOpStatus.Running, AsyncOpStatus.Succeeded]);
      expect(r.values.at(-1)?.resultUrl).toBe(`${s.origin}/svc/results/1`);
    });

    it('a resourceLocation on another origin is refused with LocationNotAllowedError, and never reached', async () => {
      const other = await serve({ '*': ok({}) });
      const { r } = await pollMonitor([ok({ status: 'succeeded', resourceLocation: `${other.origin}/result` })]);
      expect(r.error).toBeInstanceOf(LocationNotAllowedError);
      expect(other.requests).toHaveLength(0);
    });
  });

  describe('the words and fields that are read', () => {
    const words: Array<[string, AsyncOpStatus]> = [
      ['running', AsyncOpStatus.Running],
      ['InProgress', AsyncOpStatus.Running],
      ['NotStarted', AsyncOpStatus.Running],
      ['queued', AsyncOpStatus.Running],
      ['PENDING', AsyncOpStatus.Running],
      ['Accepted', AsyncOpStatus.Running],
      ['waiting', AsyncOpStatus.Running],
      ['SUCCEEDED', AsyncOpStatus.Succeeded],
      ['Completed', AsyncOpStatus.Succeeded],
      ['done', AsyncOpStatus.Succeeded],
      ['FAILED', AsyncOpStatus.Failed],
      ['Error', AsyncOpStatus.Failed],
      ['Cancelled', AsyncOpStatus.Cancelled],
      ['canceled', AsyncOpStatus.Cancelled],
    ];
    it.each(words)('the word %j maps to %s (case-insensitive)', async (word, expected) => {
      const { r } = await pollMonitor([ok({ status: word }), ok({ status: 'done' })]);
      expect(r.values[1]).toMatchObject({ status: expected, rawStatus: word });
    });

    it.each(['Status', 'status', 'state'])('the field %j carries the status', async (field) => {
      const { r } = await pollMonitor([ok({ [field]: 'Running' }), ok({ [field]: 'Succeeded' })]);
      expect(r.error).toBeUndefined();
      expect(r.values.map((u) => u.status)).toEqual([AsyncOpStatus.Running, AsyncOpStatus.Running, AsyncOpStatus.Succeeded]);
    });

    it.each(['PercentComplete', 'percentComplete', 'percentageComplete', 'progress'])('progress is read from %j', async (field) => {
      const { r } = await pollMonitor([ok({ status: 'running', [field]: 65 }), ok({ status: 'done' })]);
      expect(r.values[1]?.percentComplete).toBe(65);
    });

    it('percentComplete stays within 0–100 when a server overshoots (140) or undershoots (-5)', async () => {
      const { r } = await pollMonitor([
        ok({ status: 'running', percentComplete: 140 }),
        ok({ status: 'running', percentComplete: -5 }),
        ok({ status: 'done' }),
      ]);
      for (const u of r.values) if (u.percentComplete !== undefined) expect(u.percentComplete).toBeGreaterThanOrEqual(0);
      for (const u of r.values) if (u.percentComplete !== undefined) expect(u.percentComplete).toBeLessThanOrEqual(100);
    });

    it.each(['ResultURL', 'resultUrl', 'resourceLocation'])('the result link is read from %j', async (field) => {
      const { s, r } = await pollMonitor([ok({ status: 'succeeded', [field]: '/svc/results/1' })]);
      expect(r.values.at(-1)?.resultUrl).toBe(`${s.origin}/svc/results/1`);
    });

    it('statusMap adds words ({SCHEDULED: Running})', async () => {
      const { r } = await pollMonitor([ok({ Status: 'scheduled' }), ok({ Status: 'Succeeded' })], { statusMap: { SCHEDULED: AsyncOpStatus.Running } });
      expect(r.error).toBeUndefined();
      expect(r.values[1]).toMatchObject({ status: AsyncOpStatus.Running, rawStatus: 'scheduled' });
    });

    it('an unknown status word is an ODataProtocolError naming the word and statusMap', async () => {
      const { r } = await pollMonitor([ok({ status: 'Hibernating' })]);
      expect(r.error).toBeInstanceOf(ODataProtocolError);
      expect((r.error as Error).message).toContain('Hibernating');
      expect((r.error as Error).message).toContain('statusMap');
    });
  });

  describe('a body without a status word is the result', () => {
    it('a 200 with a plain JSON result is Succeeded', async () => {
      const { r } = await pollMonitor([running('/svc/mon'), ok({ ID: 1, Rows: 3 })]);
      expect(r.error).toBeUndefined();
      expect(r.values.map((u) => u.status)).toEqual([AsyncOpStatus.Running, AsyncOpStatus.Running, AsyncOpStatus.Succeeded]);
    });

    it.each([201, 204])('a %i is Succeeded', async (code) => {
      const { r } = await pollMonitor([code === 204 ? { status: 204 } : { status: 201, body: { ID: 1 } }]);
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Succeeded, httpStatus: code });
    });
  });
});
