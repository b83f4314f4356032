/**
 * Error answers of a real server: CAP's `closeYear` handler rejects with a code, a message and a
 * target (`req.reject`). CAP writes the OData v4 error shape; the v2 adapter rewrites it into SAP
 * Gateway's (`message: {lang, value}`, `innererror.errordetails`). Both become an `ODataHttpError`
 * with the same parsed error.
 */
import { lastValueFrom, type Observable } from 'rxjs';
import { createODataClient, ODataHttpError } from 'rxjs-odata-async';
import { useCapServer } from './support/cap-server';

const cap = useCapServer();

async function refusal(call: Observable<unknown>): Promise<ODataHttpError> {
  const error = await lastValueFrom(call).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ODataHttpError);
  if (!(error instanceof ODataHttpError)) throw new Error('unreachable');
  return error;
}

describe('CAP errors: a handler that rejects with code, message and target → ODataHttpError with the parsed OData error', () => {
  it('CAP v4 errors: action and function rejected → 400 with the v4 error {code, message, target}', async () => {
    const client = createODataClient({ serviceRoot: cap().v4Root });
    for (const call of [client.action('closeYear').parameter('Year', 2024), client.function('closeYearFn').parameter('Year', 2024)]) {
      const error = await refusal(call.execute());
      expect(error.status).toBe(400);
      expect(error.odataError).toEqual({ code: 'YEAR_CLOSED', message: 'Year 2024 is closed', target: 'Year', details: [] });
      expect(error.message).toContain('answered HTTP 400: YEAR_CLOSED Year 2024 is closed');
      // CAP's v4 body as it came, for what the parsed error leaves out (its numeric severity).
      expect(error.body).toEqual({ error: { code: 'YEAR_CLOSED', message: 'Year 2024 is closed', target: 'Year', '@Common.numericSeverity': 4 } });
    }
  });

  it('CAP v2 errors: function import POST and GET rejected → 400 with the SAP v2 error {code, message.value, target, errordetails}', async () => {
    const client = createODataClient({ serviceRoot: cap().v2Root, protocol: 'v2' });
    for (const call of [client.action('closeYear').parameter('Year', 2024), client.function('closeYearFn').parameter('Year', 2024)]) {
      const error = await refusal(call.execute());
      expect(error.status).toBe(400);
      expect(error.odataError).toMatchObject({
        code: 'YEAR_CLOSED',
        message: 'Year 2024 is closed',
        target: 'Year',
        details: [{ code: 'YEAR_CLOSED', message: 'Year 2024 is closed', target: 'Year', severity: 'error' }],
      });
      expect(error.body).toMatchObject({ error: { message: { lang: 'en', value: 'Year 2024 is closed' } } });
      expect(error.message).toContain('answered HTTP 400: YEAR_CLOSED Year 2024 is closed');
    }
  });

  it("CAP errors: an unknown operation → 404 with CAP's own error, in v4 and through the v2 adapter", async () => {
    const v4 = await refusal(createODataClient({ serviceRoot: cap().v4Root }).function('noSuchFn').execute());
    expect(v4.status).toBe(404);
    expect(v4.odataError?.code).toBe('404');
    const v2 = await refusal(createODataClient({ serviceRoot: cap().v2Root, protocol: 'v2' }).function('noSuchFn').execute());
    expect(v2.status).toBe(404);
  });
});
