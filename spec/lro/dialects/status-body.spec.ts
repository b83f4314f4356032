import fc from 'fast-check';
import { AsyncOpStatus } from '../../../lib/lro/async-op-status.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import { readStatusBody as readEither, statusFromWord } from '../../../lib/lro/dialects/shared/status-body.js';

/** The fields read, `undefined` for no status field, or `{ problem }` for a status field that is not a word. */
function readStatusBody(body: unknown, names?: readonly string[]) {
  const read = readEither(body, names);
  return isLeft(read) ? { problem: read.left } : read.right;
}

/** The fields of a body that must have a readable status field. */
function fieldsOf(body: unknown) {
  const read = readEither(body);
  if (isLeft(read)) throw new Error(read.left);
  return read.right;
}

/** The built-in words, normalized, and the status each one means (DESIGN.md, "Status interpretation"). */
const BUILT_IN_WORDS: [string, AsyncOpStatus][] = [
  ['running', 'Running'],
  ['inprogress', 'Running'],
  ['notstarted', 'Running'],
  ['queued', 'Running'],
  ['pending', 'Running'],
  ['accepted', 'Running'],
  ['waiting', 'Running'],
  ['succeeded', 'Succeeded'],
  ['completed', 'Succeeded'],
  ['done', 'Succeeded'],
  ['failed', 'Failed'],
  ['error', 'Failed'],
  ['cancelled', 'Cancelled'],
  ['canceled', 'Cancelled'],
];

describe('readStatusBody', () => {
  describe('the bodies seen in the wild (PROTOCOL.md)', () => {
    it.each<[string, unknown, unknown]>([
      ['SAP custom status entity', { Status: 'Running' }, { rawStatus: 'Running' }],
      [
        'SAP, succeeded with a result link',
        { Status: 'Succeeded', ResultURL: "/sap/opu/odata/sap/MY_SRV/Reports('42')" },
        { rawStatus: 'Succeeded', resultUrl: "/sap/opu/odata/sap/MY_SRV/Reports('42')" },
      ],
      ['SAP inside the v2 d wrapper', { d: { Status: 'Running', PercentComplete: 40 } }, { rawStatus: 'Running', percentComplete: 40 }],
      ['Azure-AsyncOperation in progress', { status: 'InProgress', percentComplete: 42.0 }, { rawStatus: 'InProgress', percentComplete: 42 }],
      ['Azure succeeded', { status: 'Succeeded' }, { rawStatus: 'Succeeded' }],
      [
        'Azure failed, error object directly under the status',
        { status: 'Failed', error: { code: 'QuotaExceeded', message: 'Too many jobs' } },
        { rawStatus: 'Failed', error: { code: 'QuotaExceeded', message: 'Too many jobs', details: [] } },
      ],
      ['Azure canceled', { status: 'Canceled' }, { rawStatus: 'Canceled' }],
      ['Graph copy monitor in progress', { status: 'inProgress', percentageComplete: 27.8 }, { rawStatus: 'inProgress', percentComplete: 27.8 }],
      ['Graph copy monitor done', { status: 'completed', percentageComplete: 100, resourceId: '01ABC' }, { rawStatus: 'completed', percentComplete: 100 }],
      ['Graph stepwise LRO running', { status: 'running' }, { rawStatus: 'running' }],
      [
        'Graph stepwise LRO succeeded',
        { status: 'succeeded', resourceLocation: 'https://graph.microsoft.com/v1.0/sites/1' },
        { rawStatus: 'succeeded', resultUrl: 'https://graph.microsoft.com/v1.0/sites/1' },
      ],
    ])('%s', (_name, body, expected) => {
      expect(readStatusBody(body)).toStrictEqual(expected);
    });
  });

  describe('field names', () => {
    it.each(['Status', 'status', 'state'])('status from %p', (key) => {
      expect(readStatusBody({ [key]: 'queued' })).toStrictEqual({ rawStatus: 'queued' });
    });

    it.each(['PercentComplete', 'percentComplete', 'percentageComplete', 'progress'])('progress from %p', (key) => {
      expect(fieldsOf({ status: 'running', [key]: 12.5 })?.percentComplete).toBe(12.5);
    });

    it.each(['ResultURL', 'resultUrl', 'resourceLocation'])('result link from %p', (key) => {
      expect(fieldsOf({ status: 'done', [key]: 'Reports(1)' })?.resultUrl).toBe('Reports(1)');
    });

    it('prefers Status, then status, then state', () => {
      expect(fieldsOf({ state: 'c', status: 'b', Status: 'a' })?.rawStatus).toBe('a');
      expect(fieldsOf({ state: 'c', status: 'b' })?.rawStatus).toBe('b');
    });

    it('refuses a status field whose value is not a word, rather than taking the next name (rule 5)', () => {
      expect(readStatusBody({ Status: 404, status: 'running' })).toStrictEqual({ problem: 'its status field "Status" is a number (404), not a status word' });
    });

    it('skips another field whose value is unusable and takes the next name', () => {
      expect(fieldsOf({ status: 'running', PercentComplete: 'n/a', progress: 30 })?.percentComplete).toBe(30);
      expect(fieldsOf({ status: 'done', ResultURL: '', resultUrl: 'Reports(1)' })?.resultUrl).toBe('Reports(1)');
    });

    it('reads names case-sensitively (STATUS is not a status field)', () => {
      expect(readStatusBody({ STATUS: 'running' })).toBeUndefined();
    });

    it('ignores inherited properties', () => {
      const body: Record<string, unknown> = Object.create({ status: 'running' });
      expect(readStatusBody(body)).toBeUndefined();
    });
  });

  describe('no status field', () => {
    it.each<unknown>([
      undefined,
      null,
      'running',
      42,
      [{ status: 'running' }],
      {},
      { value: [] },
      { d: { results: [] } },
      { d: 'running' },
      { d: null },
      { PercentComplete: 50 },
    ])('%p → undefined', (body) => {
      expect(readStatusBody(body)).toBeUndefined();
    });
  });

  describe('a status field that cannot be a status (DESIGN.md rule 5)', () => {
    it.each<[unknown, string]>([
      [{ status: 404, error: 'Not Found' }, '"status" is a number (404)'], // a framework error page
      [{ status: '' }, '"status" is a blank string ("")'],
      [{ status: '   ' }, '"status" is a blank string ("   ")'],
      [{ status: { code: 'running' } }, '"status" is an object'],
      [{ status: null }, '"status" is null'],
      [{ d: { Status: 7 } }, '"Status" is a number (7)'],
    ])('%p → a problem naming the field and its JSON type', (body, what) => {
      expect(readStatusBody(body)).toStrictEqual({ problem: `its status field ${what}, not a status word` });
    });

    it('reads the names it is given, nested ones with a dot (Azure provisioningState)', () => {
      const names = ['status', 'provisioningState', 'properties.provisioningState'];
      expect(readStatusBody({ properties: { provisioningState: 'Creating' } }, names)).toStrictEqual({ rawStatus: 'Creating' });
      expect(readStatusBody({ provisioningState: 3 }, names)).toStrictEqual({
        problem: 'its status field "provisioningState" is a number (3), not a status word',
      });
      expect(readStatusBody({ properties: 'x' }, names)).toBeUndefined();
    });
  });

  it('prefers a bare status field over the d wrapper', () => {
    expect(fieldsOf({ status: 'running', d: { Status: 'Failed' } })?.rawStatus).toBe('running');
  });

  it('reads the fields from d, not from the outside, for a wrapped body', () => {
    expect(readStatusBody({ d: { Status: 'Running' }, PercentComplete: 90 })).toStrictEqual({ rawStatus: 'Running' });
  });

  describe('progress', () => {
    it.each<[unknown, number]>([
      [0, 0],
      [100, 100],
      [42.5, 42.5],
      [-1, 0],
      [100.4, 100],
      [1e9, 100],
      ['42', 42],
      [' 27.8 ', 27.8],
      ['.5', 0.5],
      ['5.', 5],
      ['+7', 7],
      ['-3', 0],
      ['1e1', 10],
      ['40%', 40],
      ['40 %', 40],
    ])('%p → %p', (value, expected) => {
      expect(fieldsOf({ status: 'running', progress: value })?.percentComplete).toBe(expected);
    });

    it.each<unknown>([NaN, Infinity, -Infinity, '', 'abc', '4 2', '0x10', '1e999', true, null, [50], { value: 50 }])('ignores %p', (value) => {
      expect(readStatusBody({ status: 'running', progress: value })).toStrictEqual({ rawStatus: 'running' });
    });

    it.each<[string, number]>([
      [' 40 % ', 40],
      ['40% ', 40],
      ['\t1e2\n', 100],
    ])('reads %p with blanks around the number and its %% sign as %p', (value, expected) => {
      expect(fieldsOf({ status: 'running', progress: value })?.percentComplete).toBe(expected);
    });

    it.each(['%', '40%%', '% 40', '4 0%'])('ignores %p', (value) => {
      expect(fieldsOf({ status: 'running', progress: value })?.percentComplete).toBeUndefined();
    });

    // A backtracking pattern took time growing with the square of such a value: minutes for 1 MB,
    // far past jest's timeout. Linear reading finishes at once; no timing assertion is needed.
    it.each([
      ['"1", 1e6 spaces, "x"', `1${' '.repeat(1e6)}x`],
      ['"1", 1e6 spaces, "%", 1e6 spaces, "x"', `1${' '.repeat(1e6)}%${' '.repeat(1e6)}x`],
      ['1e6 digits, then "x"', `${'1'.repeat(1e6)}x`],
      ['"1e", 1e6 digits, "."', `1e${'1'.repeat(1e6)}.`],
      ['"1." and 1e6 spaces and "%%"', `1.${' '.repeat(1e6)}%%`],
    ])('reads a crafted 1 MB progress value (%s) in linear time', (_, value) => {
      expect(readStatusBody({ status: 'running', progress: value })).toStrictEqual({ rawStatus: 'running' });
      expect(readStatusBody({ d: { Status: 'Running', PercentComplete: value } })).toStrictEqual({ rawStatus: 'Running' });
    });

    it('is always a number in [0, 100] or absent, for any value (property)', () => {
      fc.assert(
        fc.property(fc.oneof(fc.double(), fc.string(), fc.jsonValue(), fc.double().map(String)), (value) => {
          const fields = fieldsOf({ status: 'running', percentComplete: value });
          const percent = fields?.percentComplete;
          expect(percent === undefined || (percent >= 0 && percent <= 100)).toBe(true);
        }),
      );
    });
  });

  describe('error', () => {
    it('reads an OData v4 error next to the status', () => {
      expect(fieldsOf({ status: 'failed', error: { code: 'E1', message: 'No', target: 'Year', details: [{ code: 'D', message: 'd' }] } })?.error).toStrictEqual(
        {
          code: 'E1',
          message: 'No',
          target: 'Year',
          details: [{ code: 'D', message: 'd' }],
        },
      );
    });

    it('reads an SAP v2 error next to the status', () => {
      const body = { Status: 'Failed', error: { code: '/IWBEP/CM_TEA/004', message: { lang: 'en', value: 'Report failed' } } };
      expect(fieldsOf(body)?.error).toMatchObject({ code: '/IWBEP/CM_TEA/004', message: 'Report failed' });
    });

    it('reads an error inside the d wrapper', () => {
      expect(fieldsOf({ d: { Status: 'Failed', error: { code: 'E', message: 'm' } } })?.error).toMatchObject({ code: 'E', message: 'm' });
    });

    it('reads an error beside the d wrapper', () => {
      expect(fieldsOf({ d: { Status: 'Failed' }, error: { code: 'E', message: 'm' } })?.error).toMatchObject({ code: 'E', message: 'm' });
    });

    it('reads a bare error message', () => {
      expect(fieldsOf({ status: 'failed', error: 'Disk full' })?.error).toStrictEqual({ code: '', message: 'Disk full', details: [] });
    });

    it("reads a SAP status entity's ErrorCode and Message, and not a Message alone", () => {
      expect(fieldsOf({ d: { Status: 'Failed', ErrorCode: 'ZRPT/001', Message: 'Year 2024 is locked' } })?.error).toStrictEqual({
        code: 'ZRPT/001',
        message: 'Year 2024 is locked',
        details: [],
      });
      expect(fieldsOf({ d: { Status: 'Failed', ErrorCode: 'ZRPT/002' } })?.error).toStrictEqual({ code: 'ZRPT/002', message: 'ZRPT/002', details: [] });
      expect(fieldsOf({ d: { Status: 'Running', Message: 'Step 2 of 5' } })?.error).toBeUndefined();
    });

    it("reads Graph's errorCode and statusDescription", () => {
      expect(fieldsOf({ status: 'failed', errorCode: 'nameAlreadyExists', statusDescription: 'Copy failed' })?.error).toStrictEqual({
        code: 'nameAlreadyExists',
        message: 'Copy failed',
        details: [],
      });
      expect(fieldsOf({ status: 'failed', errorCode: 'generalException' })?.error).toStrictEqual({
        code: 'generalException',
        message: 'generalException',
        details: [],
      });
    });

    it('is absent when there is none, or it is not readable', () => {
      expect(readStatusBody({ status: 'failed', error: 42 })).toStrictEqual({ rawStatus: 'failed' });
      expect(readStatusBody({ status: 'failed', error: { code: 'E' } })).toStrictEqual({ rawStatus: 'failed' });
      expect(readStatusBody({ status: 'running', statusDescription: 'copying' })).toStrictEqual({ rawStatus: 'running' });
    });
  });

  it('never throws and never reads a status field from something that is not an object (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const fields = readStatusBody(body);
        if (fields !== undefined) {
          expect(typeof body === 'object' && body !== null && !Array.isArray(body)).toBe(true);
          if (!('problem' in fields)) expect(fields.rawStatus.trim()).not.toBe('');
        }
      }),
    );
  });
});

describe('field values', () => {
  it('a status word is a non-blank string', () => {
    expect(readStatusBody({ status: 'x' })).toStrictEqual({ rawStatus: 'x' });
    expect(readStatusBody({ status: ' ' })).toStrictEqual({ problem: 'its status field "status" is a blank string (" "), not a status word' });
    expect(readStatusBody({ status: 1 })).toStrictEqual({ problem: 'its status field "status" is a number (1), not a status word' });
  });

  it('progress is clamped to [0, 100]; text that is not a number is no progress', () => {
    expect(fieldsOf({ status: 'running', progress: 50 })?.percentComplete).toBe(50);
    expect(fieldsOf({ status: 'running', progress: 101 })?.percentComplete).toBe(100);
    expect(fieldsOf({ status: 'running', progress: '150' })?.percentComplete).toBe(100);
    expect(readStatusBody({ status: 'running', progress: 'x' })).toStrictEqual({ rawStatus: 'running' });
  });

  it('a result link is a non-blank string', () => {
    expect(fieldsOf({ status: 'done', resultUrl: 'Reports(1)' })?.resultUrl).toBe('Reports(1)');
    expect(readStatusBody({ status: 'done', resultUrl: '' })).toStrictEqual({ rawStatus: 'done' });
    expect(readStatusBody({ status: 'done', resultUrl: null })).toStrictEqual({ rawStatus: 'done' });
  });

  it('the v2 wrapper needs an object d', () => {
    expect(readStatusBody({ d: { Status: 'Running' } })).toStrictEqual({ rawStatus: 'Running' });
    expect(readStatusBody({ d: [{ Status: 'Running' }] })).toBeUndefined();
  });

  it('a loose error is a string error or a Graph errorCode, not an object without a message', () => {
    expect(fieldsOf({ status: 'failed', error: 'x' })?.error).toStrictEqual({ code: '', message: 'x', details: [] });
    expect(fieldsOf({ status: 'failed', errorCode: 'x' })?.error).toStrictEqual({ code: 'x', message: 'x', details: [] });
    expect(fieldsOf({ status: 'failed', error: {} })?.error).toBeUndefined();
  });

  it('built-in words are matched normalized, and never by inherited names', () => {
    expect(statusFromWord('inprogress')).toBe('Running');
    expect(statusFromWord('InProgress')).toBe('Running');
    expect(statusFromWord('constructor')).toBeUndefined();
  });
});

describe('statusFromWord', () => {
  it.each<[string, AsyncOpStatus]>(BUILT_IN_WORDS)('%p → %p', (word, status) => {
    expect(statusFromWord(word)).toBe(status);
    expect(statusFromWord(word.toUpperCase())).toBe(status);
  });

  it.each(['InProgress', 'inProgress', 'in_progress', 'in progress', 'In-Progress', 'IN_PROGRESS', ' InProgress ', 'in - progress'])(
    'tolerates case and separators: %p → Running',
    (word) => {
      expect(statusFromWord(word)).toBe('Running');
    },
  );

  it.each(['not_started', 'Not Started', 'NotStarted'])('%p → Running', (word) => {
    expect(statusFromWord(word)).toBe('Running');
  });

  it.each(['SCHEDULED', 'success', 'fail', 'Open', '', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'in.progress'])('does not know %p', (word) => {
    expect(statusFromWord(word)).toBeUndefined();
  });

  it('reads statusMap keys case-insensitively and separator-blind', () => {
    expect(statusFromWord('SCHEDULED', { scheduled: 'Running' })).toBe('Running');
    expect(statusFromWord('scheduled', { SCHEDULED: 'Running' })).toBe('Running');
    expect(statusFromWord('on-hold', { ON_HOLD: 'Running' })).toBe('Running');
    expect(statusFromWord('Aborted', { ABORTED: 'Cancelled' })).toBe('Cancelled');
  });

  it('lets statusMap override a built-in word', () => {
    expect(statusFromWord('Done', { done: 'Running' })).toBe('Running');
    expect(statusFromWord('ERROR', { error: 'Running' })).toBe('Running');
  });

  it('falls back to the built-ins for words the statusMap does not have', () => {
    expect(statusFromWord('failed', { scheduled: 'Running' })).toBe('Failed');
    expect(statusFromWord('other', { scheduled: 'Running' })).toBeUndefined();
  });

  it('does not find inherited names in the statusMap', () => {
    expect(statusFromWord('constructor', {})).toBeUndefined();
    expect(statusFromWord('toString', { scheduled: 'Running' })).toBeUndefined();
  });

  it('maps every built-in word to the same status in any case and with any separators (property)', () => {
    const builtIns = BUILT_IN_WORDS.map(([word]) => word);
    fc.assert(
      fc.property(
        fc.constantFrom(...builtIns),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        fc.array(fc.constantFrom('', '', '', ' ', '_', '-'), { minLength: 20, maxLength: 20 }),
        (word, upper, separators) => {
          const mangled = [...word].map((c, i) => `${separators[i] ?? ''}${upper[i] ? c.toUpperCase() : c}`).join('');
          expect(statusFromWord(mangled)).toBe(statusFromWord(word));
          expect(statusFromWord(mangled)).toBeDefined();
        },
      ),
    );
  });

  it('gives a statusMap entry precedence for every word (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((w) => /[^\s_-]/.test(w)),
        fc.constantFrom(...Object.values(AsyncOpStatus)),
        (word, status) => {
          expect(statusFromWord(word, { [word]: status })).toBe(status);
          expect(statusFromWord(word.toUpperCase(), { [word.toLowerCase()]: status })).toBe(status);
        },
      ),
    );
  });
});
