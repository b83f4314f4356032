/**
 * The same echo service as OData v2, through `@cap-js-community/odata-v2-adapter`: function
 * imports by GET (functions) and POST (actions), every v2 literal form of the README. The adapter
 * turns each v2 literal into a v4 one for CAP, so an echo that matches means both read the
 * client's literal as meant. Where the adapter itself gets a literal wrong, the test says so and
 * pins its answer.
 */
import * as t from 'io-ts';
import { lastValueFrom } from 'rxjs';
import { createODataClient, edm, ODataHttpError, type ODataClient, type ParameterValue } from 'rxjs-odata-async';
import { echoed, useCapServer } from './support/cap-server';

const cap = useCapServer();
const client = (): ODataClient => createODataClient({ serviceRoot: cap().v2Root, protocol: 'v2' });

const GUID = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** One value for each v2 literal form: `12.50M`, `…L`, `guid'…'`, `datetime'…'`, `datetimeoffset'…'`, `time'…'`, `…D`, `…F`. */
const TYPED: Readonly<Record<string, ParameterValue>> = {
  Dec: edm.decimal('12345678901234567890.123456789'),
  I64: edm.int64('9007199254740993'),
  Guid: edm.guid(GUID),
  Day: edm.date('2024-02-29'), // v2 has no date type: datetime'2024-02-29T00:00:00' for CDS Date
  Instant: edm.dateTimeOffset('2024-01-31T10:00:00.123Z'),
  Clock: edm.timeOfDay('10:30:05'), // time'PT10H30M05S'
  Dbl: edm.double(0.1),
  Sgl: edm.single(-2.25),
};

const TYPED_ECHO = {
  Dec: { type: 'string', value: '12345678901234567890.123456789' },
  I64: { type: 'string', value: '9007199254740993' },
  Guid: { type: 'string', value: GUID },
  Day: { type: 'string', value: '2024-02-29' },
  Instant: { type: 'string', value: '2024-01-31T10:00:00.123Z' },
  Clock: { type: 'string', value: '10:30:05' },
  Dbl: { type: 'number', value: '0.1' },
  Sgl: { type: 'number', value: '-2.25' },
};

const NASTY = "O'Neil & Co #1 / 50% ?x=y,z) ''ü€ 🚀 \\ +";
const PLAIN: Readonly<Record<string, ParameterValue>> = {
  Text: NASTY,
  Count: 42, // Int32: no suffix
  Big: 2 ** 40, // beyond Int32: 1099511627776L
  Fraction: 0.1, // 0.1D
  Flag: true,
  When: new Date('2024-01-31T10:00:00.123Z'), // datetimeoffset'…'
};

async function echo(call: ReturnType<ODataClient['action']>): Promise<ReturnType<typeof echoed>> {
  const result = await lastValueFrom(call.returns(t.string).execute());
  expect(result.status).toBe(200);
  return echoed(result.data);
}

async function refusal(call: ReturnType<ODataClient['function']>): Promise<ODataHttpError> {
  const error = await lastValueFrom(call.execute()).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ODataHttpError);
  if (!(error instanceof ODataHttpError)) throw new Error('unreachable');
  return error;
}

describe('CAP v2 (odata-v2-adapter): every v2 literal form of the README arrives as meant', () => {
  it('CAP v2 function import GET: every v2 literal form is echoed exactly', async () => {
    expect(await echo(client().function('echoTypesFn').parameters(TYPED))).toEqual(TYPED_ECHO);
  });

  it('CAP v2 function import POST: every v2 literal form is echoed exactly', async () => {
    expect(await echo(client().action('echoTypes').parameters(TYPED))).toEqual(TYPED_ECHO);
  });

  it("CAP v2 function import GET: Edm.DateTime datetime'…' and Edm.Time time'…' (v2-only types) are echoed exactly", async () => {
    const received = await echo(
      client()
        .function('echoV2Fn')
        .parameters({ Stamp: edm.dateTime('2024-01-31T10:00:00'), Clock: edm.time('PT10H30M') }),
    );
    // An Edm.DateTime has no zone; SAP reads it as UTC, and CAP's DateTime says so with `Z`.
    expect(received).toEqual({ Stamp: { type: 'string', value: '2024-01-31T10:00:00Z' }, Clock: { type: 'string', value: '10:30:00' } });
  });

  it('CAP v2 function import GET: plain string, numbers, boolean and Date are echoed as meant', async () => {
    expect(await echo(client().function('echoPlainFn').parameters(PLAIN))).toEqual({
      Text: { type: 'string', value: NASTY },
      Count: { type: 'number', value: '42' },
      Big: { type: 'number', value: '1099511627776' },
      Fraction: { type: 'number', value: '0.1' },
      Flag: { type: 'boolean', value: 'true' },
      When: { type: 'string', value: '2024-01-31T10:00:00.123Z' },
    });
  });

  it('CAP v2 function import POST: plain string, numbers, boolean, null and Date are echoed as meant', async () => {
    expect(
      await echo(
        client()
          .action('echoPlain')
          .parameters({ ...PLAIN, Flag: false, Nothing: null }),
      ),
    ).toEqual({
      Text: { type: 'string', value: NASTY },
      Count: { type: 'number', value: '42' },
      // CAP hands an Int64 from a JSON body over as a string (IEEE754Compatible), from a URL as a number.
      Big: { type: 'string', value: '1099511627776' },
      Fraction: { type: 'number', value: '0.1' },
      Flag: { type: 'boolean', value: 'false' },
      Nothing: { type: 'null' },
      When: { type: 'string', value: '2024-01-31T10:00:00.123Z' },
    });
  });
});

describe("CAP v2: valid v2 literals the adapter (1.15.10) gets wrong (its bugs, not the client's: pinned so that a fix shows)", () => {
  it("binary X'0A1B' by GET: the adapter turns it into the v4 literal `$1`, and CAP answers 400 Invalid value", async () => {
    const error = await refusal(client().function('echoTypesFn').parameter('Bin', edm.binary('0a1b')));
    expect(error.url).toBe(`${cap().v2Root}echoTypesFn?Bin=X%270A1B%27`);
    expect(error.status).toBe(400);
    expect(error.odataError?.message).toBe('Invalid value: Bin');
  });

  it("binary X'0A1B' by POST: the adapter hands CAP an empty Buffer", async () => {
    expect(await echo(client().action('echoTypes').parameter('Bin', edm.binary('0a1b')))).toEqual({ Bin: { type: 'Buffer', value: '' } });
  });

  it("null for a String parameter by GET: the adapter quotes it, so CAP reads the text 'null' (by POST it is null, above)", async () => {
    expect(await echo(client().function('echoPlainFn').parameter('Nothing', null))).toEqual({ Nothing: { type: 'string', value: 'null' } });
  });

  it("datetimeoffset'…+01:00' (an offset, not Z): the adapter appends a Z to it, and CAP refuses the result (GET 404, POST 400)", async () => {
    const instant = edm.dateTimeOffset('2024-01-31T10:00:00+01:00');
    const get = await refusal(client().function('echoTypesFn').parameter('Instant', instant));
    expect(get.url).toBe(`${cap().v2Root}echoTypesFn?Instant=datetimeoffset%272024-01-31T10%3A00%3A00%2B01%3A00%27`);
    expect(get.status).toBe(404);
    const post = await refusal(client().action('echoTypes').parameter('Instant', instant));
    expect(post.status).toBe(400);
    expect(post.odataError?.message).toBe('Value 2024-01-31T10:00:00+01:00Z is not a valid Timestamp');
  });

  it('a double with an exponent by GET: the adapter forwards 1E+300D as 1e+300, which CAP refuses (404)', async () => {
    const error = await refusal(client().function('echoTypesFn').parameter('Dbl', 1e300));
    expect(error.url).toBe(`${cap().v2Root}echoTypesFn?Dbl=1E%2B300D`);
    expect(error.status).toBe(404);
  });
});
