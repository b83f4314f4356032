import fc from 'fast-check';
import { parseODataError } from '../../lib/odata/parse-odata-error.js';
import { parseJsonSafely } from '../../lib/http/safe-json.js';

describe('parseODataError', () => {
  describe('OData v4 JSON', () => {
    it('reads code, message, target, details and innererror', () => {
      const body = {
        error: {
          code: 'BadRequest',
          message: 'The order is locked',
          target: 'Orders(42)',
          details: [
            { code: 'LOCKED', message: 'Locked by ALICE', target: 'Status' },
            { code: 'HINT', message: 'Retry later' },
          ],
          innererror: { trace: 'x' },
        },
      };
      expect(parseODataError(body)).toEqual({
        code: 'BadRequest',
        message: 'The order is locked',
        target: 'Orders(42)',
        details: [
          { code: 'LOCKED', message: 'Locked by ALICE', target: 'Status' },
          { code: 'HINT', message: 'Retry later' },
        ],
        innererror: { trace: 'x' },
      });
    });

    it('works on a body from parseJsonSafely', () => {
      const body = parseJsonSafely('{"error":{"code":"E","message":"m","details":[]}}');
      expect(parseODataError(body)).toEqual({ code: 'E', message: 'm', details: [] });
    });

    it("gives code '' when code is missing or null", () => {
      expect(parseODataError({ error: { message: 'no code' } })).toEqual({ code: '', message: 'no code', details: [] });
      expect(parseODataError({ error: { code: null, message: 'null code' } })).toEqual({ code: '', message: 'null code', details: [] });
    });

    it('turns a numeric code into text', () => {
      expect(parseODataError({ error: { code: 500, message: 'Internal' } })?.code).toBe('500');
    });

    it('leaves out null and empty targets, and keeps a present but empty innererror', () => {
      const parsed = parseODataError({ error: { code: 'E', message: 'm', target: null, innererror: {} } });
      expect(parsed).toEqual({ code: 'E', message: 'm', details: [], innererror: {} });
      expect(parsed).not.toHaveProperty('target');
      expect(parseODataError({ error: { code: 'E', message: 'm', target: '' } })).not.toHaveProperty('target');
      expect(parseODataError({ error: { code: 'E', message: 'm' } })).not.toHaveProperty('innererror');
    });

    it('leaves out a target, propertyref or severity of the wrong type rather than the whole error', () => {
      expect(parseODataError({ error: { code: 'E', message: 'm', target: 42 } })).toStrictEqual({ code: 'E', message: 'm', details: [] });
      expect(
        parseODataError({ error: { code: 'E', message: 'm', details: [{ code: 'D', message: 'd', target: {}, propertyref: 'P', severity: 3 }] } })?.details,
      ).toStrictEqual([{ code: 'D', message: 'd', target: 'P' }]);
    });

    it('skips malformed detail entries and ignores details that are not an array', () => {
      const parsed = parseODataError({
        error: { code: 'E', message: 'm', details: [null, 'text', { code: 'NO_MESSAGE' }, { code: 'OK', message: 'kept', target: null }] },
      });
      expect(parsed?.details).toEqual([{ code: 'OK', message: 'kept' }]);
      expect(parseODataError({ error: { code: 'E', message: 'm', details: { code: 'x' } } })?.details).toEqual([]);
    });

    it('reads an Azure-style failed status body', () => {
      expect(parseODataError({ status: 'Failed', error: { code: 'Conflict', message: 'Already running' } })).toEqual({
        code: 'Conflict',
        message: 'Already running',
        details: [],
      });
    });
  });

  describe('SAP Gateway v2', () => {
    const sapBody = {
      error: {
        code: '/IWBEP/CM_TEA/004',
        message: { lang: 'en', value: "Resource not found for segment 'Team'" },
        innererror: {
          transactionid: '3C6F7B0F1A2B00A0E0060A1B2C3D4E5F',
          timestamp: '20240131100000.1234560',
          errordetails: [
            { code: '/IWBEP/CX_MGW_BUSI_EXCEPTION', message: 'Team TEAM_99 does not exist', propertyref: '', severity: 'error', target: '' },
            { code: 'ZSALES/012', message: { lang: 'en', value: 'Check the team ID' }, propertyref: 'TeamID', severity: 'warning', target: '' },
            { code: 'ZSALES/013', message: 'Has both', propertyref: 'Ignored', severity: 'info', target: 'Preferred' },
          ],
        },
      },
    };

    it('reads the {lang,value} message and errordetails with string and {lang,value} messages', () => {
      expect(parseODataError(sapBody)).toEqual({
        code: '/IWBEP/CM_TEA/004',
        message: "Resource not found for segment 'Team'",
        details: [
          { code: '/IWBEP/CX_MGW_BUSI_EXCEPTION', message: 'Team TEAM_99 does not exist', severity: 'error' },
          { code: 'ZSALES/012', message: 'Check the team ID', target: 'TeamID', severity: 'warning' },
          { code: 'ZSALES/013', message: 'Has both', target: 'Preferred', severity: 'info' },
        ],
        innererror: sapBody.error.innererror,
      });
    });

    it('keeps the innererror untouched (transactionid for support)', () => {
      const innererror = parseODataError(sapBody)?.innererror;
      expect(innererror).toBe(sapBody.error.innererror);
    });

    it('accepts a {value} message without lang, and a null lang', () => {
      expect(parseODataError({ error: { code: 'X', message: { value: 'v' } } })?.message).toBe('v');
      expect(parseODataError({ error: { code: 'X', message: { lang: null, value: 'w' } } })?.message).toBe('w');
    });

    it('puts v4 details before SAP errordetails when both are present', () => {
      const parsed = parseODataError({
        error: { code: 'X', message: 'm', details: [{ code: 'A', message: 'a' }], innererror: { errordetails: [{ code: 'B', message: 'b' }] } },
      });
      expect(parsed?.details.map((d) => d.code)).toEqual(['A', 'B']);
    });

    it('ignores an innererror without an errordetails array', () => {
      expect(parseODataError({ error: { code: 'X', message: 'm', innererror: { errordetails: 'no' } } })?.details).toEqual([]);
      expect(parseODataError({ error: { code: 'X', message: 'm', innererror: 'text' } })?.details).toEqual([]);
    });
  });

  describe('odata.error (v2/v3 JSON)', () => {
    it('reads the odata.error wrapper', () => {
      expect(
        parseODataError({
          'odata.error': { code: 'DataServiceException', message: { lang: 'en-US', value: 'Bad key' }, innererror: { message: 'inner' } },
        }),
      ).toEqual({ code: 'DataServiceException', message: 'Bad key', details: [], innererror: { message: 'inner' } });
    });

    it('prefers error over odata.error when a body has both', () => {
      expect(parseODataError({ error: { code: 'A', message: 'a' }, 'odata.error': { code: 'B', message: 'b' } })?.code).toBe('A');
    });
  });

  describe('not an error', () => {
    it.each([
      ['undefined', undefined],
      ['null', null],
      ['a string', '{"error":{"message":"x"}}'],
      ['a number', 42],
      ['an array', [{ error: { message: 'x' } }]],
      ['an empty object', {}],
      ['error as a string', { error: 'boom' }],
      ['error without a message', { error: { code: 'E' } }],
      ['a message of the wrong type', { error: { code: 'E', message: 42 } }],
      ['a {lang} message without value', { error: { code: 'E', message: { lang: 'en' } } }],
      ['a code of the wrong type', { error: { code: { x: 1 }, message: 'm' } }],
      ['a status body', { Status: 'Running' }],
      ['odata.error without message', { 'odata.error': { code: 'E' } }],
    ])('returns undefined for %s', (_label, body) => {
      expect(parseODataError(body)).toBeUndefined();
    });

    it('returns undefined instead of throwing for a body whose getters throw', () => {
      const hostile = {
        get error(): never {
          throw new Error('boom');
        },
      };
      expect(() => parseODataError(hostile)).not.toThrow();
      expect(parseODataError(hostile)).toBeUndefined();
    });

    it('never throws, whatever the body (property)', () => {
      fc.assert(
        fc.property(fc.anything(), (body) => {
          const parsed = parseODataError(body);
          expect(parsed === undefined || typeof parsed.message === 'string').toBe(true);
        }),
      );
      fc.assert(
        fc.property(
          fc.record({
            error: fc.record({ code: fc.anything(), message: fc.anything(), details: fc.anything(), innererror: fc.anything() }, { requiredKeys: [] }),
          }),
          (body) => {
            const parsed = parseODataError(body);
            if (parsed !== undefined) {
              expect(typeof parsed.code).toBe('string');
              expect(Array.isArray(parsed.details)).toBe(true);
            }
          },
        ),
      );
    });
  });
});
