import * as t from 'io-ts';
import { isLeft } from '../../lib/http/either';
import { decodeIssues } from '../../lib/odata/decode-issues';

const Order = t.type({ Id: t.string, Lines: t.array(t.type({ Qty: t.number })) }, 'Order');

/** The issue lines of decoding `payload` with `codec` (which must fail). */
function issuesOf(codec: t.Mixed, payload: unknown): string[] {
  const decoded = codec.decode(payload);
  if (!isLeft(decoded)) throw new Error('expected the decode to fail');
  return decodeIssues(decoded.left);
}

describe('decodeIssues', () => {
  it("writes one line per error in PathReporter's words: the value, then the path of codec names", () => {
    expect(issuesOf(Order, { Id: 7, Lines: [{ Qty: 'x' }] })).toEqual([
      'Invalid value 7 supplied to : Order/Id: string',
      'Invalid value "x" supplied to : Order/Lines: Array<{ Qty: number }>/0: { Qty: number }/Qty: number',
    ]);
  });

  it("keeps a codec's own message", () => {
    const Positive = new t.Type<number, number, unknown>(
      'Positive',
      (u): u is number => typeof u === 'number' && u > 0,
      (u, c) => (typeof u === 'number' && u > 0 ? t.success(u) : t.failure(u, c, 'must be a positive number')),
      (n) => n,
    );
    expect(issuesOf(Positive, -1)).toEqual(['must be a positive number']);
  });

  it('never copies a whole server value into the message: long strings are cut, objects named by their kind', () => {
    const [long] = issuesOf(t.number, 'x'.repeat(1_000_000));
    expect(long?.length).toBeLessThan(120);
    const hostile = {
      toJSON: () => {
        throw new Error('boom');
      },
      toString: () => {
        throw new Error('boom');
      },
    };
    expect(issuesOf(t.string, hostile)).toEqual(['Invalid value an object supplied to : string']);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(issuesOf(t.array(t.string), cyclic)).toEqual(['Invalid value an object supplied to : Array<string>']);
  });
});
