import { makeRecord, readRecord, recordText } from '../../../lib/lro/tracker/tracker-record';

const facts = { state: 'Running' as const, poll: 2, since: 1, at: 3, location: 'https://host.example/m/1' };

describe('tracker records', () => {
  it('round-trips through JSON text, whatever the key order', () => {
    const record = makeRecord({ id: 'a', meta: { list: [1, { b: 2, a: [true, null] }], text: 'x' }, token: { t: 1 }, facts, revision: 4 });
    expect(readRecord(recordText(record))).toEqual(record);
    const reordered: unknown = JSON.parse(
      JSON.stringify({
        checksum: record.checksum,
        facts: record.facts,
        revision: 4,
        token: record.token,
        meta: record.meta,
        id: 'a',
        version: 1,
        kind: record.kind,
      }),
    );
    expect(readRecord(reordered)).toEqual(record);
  });

  it('says what is wrong with anything else', () => {
    const record = makeRecord({ id: 'a', meta: ['x'], token: { t: 1 }, facts, revision: 0 });
    expect(readRecord('{')).toMatch(/^not JSON \(/);
    expect(readRecord(null)).toMatch(/^not a tracker record: /);
    expect(
      readRecord(
        '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
      ),
    ).toMatch(/^not JSON/);
    expect(readRecord({ ...record, meta: ['y'] })).toBe('altered or truncated (bad checksum)');
    expect(readRecord({ ...record, revision: 1 })).toBe('altered or truncated (bad checksum)');
    expect(readRecord(makeRecord({ id: 'a', meta: null, token: null, facts, revision: 0 }))).toBe('a running operation without a poller token');
    expect(readRecord(makeRecord({ id: 'a', meta: null, token: null, facts: { ...facts, state: 'Succeeded' }, revision: 0 }))).toMatchObject({ token: null });
  });
});
