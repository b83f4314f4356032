/**
 * How a v4 monitor says that the operation has ended: the 4.01 form (200 with an AsyncResult
 * header), the 4.0 form (200 with a whole HTTP response as an application/http body), and a
 * monitor that is gone because it was polled too late.
 */
import * as t from 'io-ts';
import { AsyncOpFailedError, AsyncOpStatus, ODataProtocolError } from 'rxjs-odata-async';
import { V4_ERROR, brief, envelope, httpEnvelope, ok, pause, pollMonitor, running, type Reply } from '../../support/scripted-server';

/** An embedded response whose body is an OData error, as a 200 application/http answer. */
const embeddedError = (statusLine: string, error: unknown, headers: string[] = []): Reply =>
  httpEnvelope(envelope(statusLine, ['Content-Type: application/json', ...headers], JSON.stringify(error)));

describe('completion of an asynchronous operation', () => {
  describe('200 with an AsyncResult header (OData 4.01)', () => {
    it('AsyncResult: 200 is Succeeded and the body is the result', async () => {
      const { s, r } = await pollMonitor(
        ok({ '@odata.context': '$metadata#Reports/$entity', ID: 42, Rows: 3 }, { AsyncResult: '200', 'OData-Version': '4.01' }),
      );
      expect(r.error).toBeUndefined();
      expect(r.completed).toBe(true);
      const last = r.values.at(-1)!;
      expect(last.status).toBe(AsyncOpStatus.Succeeded);
      expect(last.body).toMatchObject({ ID: 42, Rows: 3 });
      expect(s.hits('GET', '/svc/mon')).toHaveLength(1);
    });

    it('AsyncResult: 204 (no body) is Succeeded', async () => {
      const { r } = await pollMonitor({ status: 200, headers: { AsyncResult: '204' } });
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)?.status).toBe(AsyncOpStatus.Succeeded);
    });

    it('AsyncResult: 201 is Succeeded', async () => {
      const { r } = await pollMonitor(ok({ ID: 1 }, { AsyncResult: '201' }));
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)?.status).toBe(AsyncOpStatus.Succeeded);
    });

    it('a result entity with a Status property of its own is Succeeded: AsyncResult decides before any status field', async () => {
      const { r } = await pollMonitor(ok({ ID: 42, Status: 'Open', status: 'Shipped' }, { AsyncResult: '200' }));
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)?.status).toBe(AsyncOpStatus.Succeeded);
    });

    it('AsyncResult: 400 with an OData error is a Failed update, then AsyncOpFailedError with that error', async () => {
      const { s, r } = await pollMonitor(ok(V4_ERROR, { AsyncResult: '400' }));
      expect(brief(r.values)).toEqual([
        [AsyncOpStatus.Running, 0],
        [AsyncOpStatus.Failed, 1],
      ]);
      expect(r.values[1]?.error).toMatchObject({ code: 'SalesReport.Invalid', message: 'Year must be 2000 or later', target: 'Year' });
      expect(r.error).toBeInstanceOf(AsyncOpFailedError);
      const e = r.error as AsyncOpFailedError;
      expect(e.odataError?.code).toBe('SalesReport.Invalid');
      expect(e.odataError?.details).toEqual([{ code: 'Range', message: 'Year out of range', target: 'Year' }]);
      expect(e.update.status).toBe(AsyncOpStatus.Failed);
      expect(e.poll).toBe(1);
      expect(e.location).toBe(`${s.origin}/svc/mon`);
    });

    it('AsyncResult: 500 is Failed at once, not retried', async () => {
      const { s, r } = await pollMonitor(ok(V4_ERROR, { AsyncResult: '500' }));
      expect(r.error).toBeInstanceOf(AsyncOpFailedError);
      expect(s.hits('GET', '/svc/mon')).toHaveLength(1);
    });

    it("AsyncResult: 503 is the operation's outcome (Failed), not a transient answer to retry", async () => {
      const { s, r } = await pollMonitor(ok(V4_ERROR, { AsyncResult: '503', 'Retry-After': '0' }));
      expect(r.error).toBeInstanceOf(AsyncOpFailedError);
      expect(s.hits('GET', '/svc/mon')).toHaveLength(1);
    });

    it("AsyncResult: 403 is the operation's outcome: Failed with the body's error, not a credentials ODataHttpError", async () => {
      const { r } = await pollMonitor(ok({ error: { code: 'NoAuth', message: 'not allowed to approve' } }, { AsyncResult: '403' }));
      expect(r.values.at(-1)?.status).toBe(AsyncOpStatus.Failed);
      expect(r.error).toBeInstanceOf(AsyncOpFailedError);
      expect((r.error as AsyncOpFailedError).odataError?.code).toBe('NoAuth');
    });

    it('the result codec decodes the AsyncResult body', async () => {
      const { s, r } = await pollMonitor(ok({ ID: 42, Name: 'Q1' }, { AsyncResult: '200' }), { result: t.type({ ID: t.number, Name: t.string }) });
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)?.result).toEqual({ ID: 42, Name: 'Q1' });
      expect(s.hits('GET', '/svc/mon')).toHaveLength(1);
    });

    it('a final body that does not match the result codec is an ODataProtocolError', async () => {
      const { r } = await pollMonitor(ok({ ID: 'not a number' }, { AsyncResult: '200' }), { result: t.type({ ID: t.number }) });
      expect(r.error).toBeInstanceOf(ODataProtocolError);
    });
  });

  describe('200 with an application/http body (OData 4.0)', () => {
    const innerOk = envelope('HTTP/1.1 200 OK', ['Content-Type: application/json;odata.metadata=minimal', 'OData-Version: 4.0'], '{"ID":42,"Rows":3}');

    it('a whole HTTP response in the body is Succeeded with the inner status and body', async () => {
      const { r } = await pollMonitor(httpEnvelope(innerOk));
      expect(r.error).toBeUndefined();
      const last = r.values.at(-1)!;
      expect(last.status).toBe(AsyncOpStatus.Succeeded);
      expect(last.httpStatus).toBe(200);
      expect(last.body).toEqual({ ID: 42, Rows: 3 });
    });

    it('Content-Encoding: binary on the outer response is accepted', async () => {
      const { r } = await pollMonitor(httpEnvelope(innerOk, { 'Content-Encoding': 'binary' }));
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Succeeded, httpStatus: 200, body: { ID: 42, Rows: 3 } });
    });

    it('the response may arrive in small chunks, with a CRLF split across two of them', async () => {
      const chunks: string[] = [];
      for (let i = 0; i < innerOk.length; i += 7) chunks.push(innerOk.slice(i, i + 7));
      const { r } = await pollMonitor({ status: 200, headers: { 'Content-Type': 'application/http' }, chunks });
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Succeeded, body: { ID: 42, Rows: 3 } });
    });

    it('a Content-Type with parameters (application/http; msgtype=response) and CRLF-formatted inner JSON are read', async () => {
      const inner = '{\r\n  "ID": 42,\r\n  "A": 1\r\n}';
      const body = envelope('HTTP/1.1 200 OK', ['content-type: application/json', `Content-Length: ${Buffer.byteLength(inner)}`], inner);
      const { r } = await pollMonitor({ status: 200, headers: { 'Content-Type': 'application/http; msgtype=response' }, body });
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Succeeded, body: { ID: 42, A: 1 } });
    });

    it('an embedded 204 No Content (no body) is Succeeded', async () => {
      const { r } = await pollMonitor(httpEnvelope('HTTP/1.1 204 No Content\r\n\r\n'));
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Succeeded, httpStatus: 204 });
    });

    it('an embedded 400 with an OData error is Failed with the parsed error', async () => {
      const { r } = await pollMonitor(embeddedError('HTTP/1.1 400 Bad Request', V4_ERROR));
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Failed, httpStatus: 400 });
      expect(r.error).toBeInstanceOf(AsyncOpFailedError);
      expect((r.error as AsyncOpFailedError).odataError).toMatchObject({ code: 'SalesReport.Invalid', message: 'Year must be 2000 or later' });
    });

    it('an embedded 404 is Failed with the body\'s error: the operation\'s outcome, not "monitor gone"', async () => {
      const { r } = await pollMonitor(embeddedError('HTTP/1.1 404 Not Found', { error: { code: 'OrderMissing', message: 'Order 42 does not exist' } }));
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Failed, httpStatus: 404 });
      expect((r.error as AsyncOpFailedError).odataError).toMatchObject({ code: 'OrderMissing', message: 'Order 42 does not exist' });
    });

    it('an embedded 401 is Failed (AsyncOpFailedError), not a credentials error of the monitor', async () => {
      const { r } = await pollMonitor(embeddedError('HTTP/1.1 401 Unauthorized', { error: { code: 'Inner401', message: 'backend refused' } }));
      expect(r.error).toBeInstanceOf(AsyncOpFailedError);
    });

    it("an embedded 503 (the service cancelled the operation) is Failed with the service's message, not retried as transient", async () => {
      const { s, r } = await pollMonitor(
        embeddedError('HTTP/1.1 503 Service Unavailable', { error: { code: 'Cancelled', message: 'The operation was cancelled by the service' } }, [
          'Retry-After: 0',
        ]),
      );
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Failed, httpStatus: 503 });
      expect(r.error).toBeInstanceOf(AsyncOpFailedError);
      expect((r.error as AsyncOpFailedError).odataError?.message).toBe('The operation was cancelled by the service');
      expect(s.hits('GET', '/svc/mon')).toHaveLength(1);
    });

    it('the completed monitor is read once: a service may delete it after that GET (a second GET would be 404)', async () => {
      const { s, r } = await pollMonitor(
        [
          running('/svc/mon'),
          httpEnvelope(innerOk, { 'Content-Encoding': 'binary' }),
          { status: 404, body: { error: { code: 'NotFound', message: 'no such monitor' } } },
        ],
        { result: t.type({ ID: t.number }) },
      );
      expect(r.error).toBeUndefined();
      expect(r.values.at(-1)).toMatchObject({ status: AsyncOpStatus.Succeeded, result: { ID: 42 } });
      await pause(30);
      expect(s.hits('GET', '/svc/mon')).toHaveLength(2);
    });
  });

  describe('a monitor polled too late', () => {
    it.each([404, 410])('%i on the monitor is Failed (the monitor is gone), not retried', async (code) => {
      const { s, r } = await pollMonitor({ status: code, body: { error: { code: 'Gone', message: 'The status monitor resource is gone' } } });
      expect(brief(r.values)).toEqual([
        [AsyncOpStatus.Running, 0],
        [AsyncOpStatus.Failed, 1],
      ]);
      expect(r.values[1]?.httpStatus).toBe(code);
      expect(r.error).toBeInstanceOf(AsyncOpFailedError);
      expect((r.error as Error).message.toLowerCase()).toMatch(/gone|no longer|not found|expired/);
      expect(s.hits('GET', '/svc/mon')).toHaveLength(1);
    });
  });
});
