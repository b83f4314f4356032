import fc from 'fast-check';
import { unwrapPayload } from '../../lib/odata/unwrap.js';

describe('unwrapPayload', () => {
  describe('v4', () => {
    it('unwraps a primitive result from value', () => {
      expect(unwrapPayload({ '@odata.context': '$metadata#Edm.String', value: 'done' }, 'v4')).toBe('done');
      expect(unwrapPayload({ '@odata.context': '$metadata#Edm.Int32', value: 0 }, 'v4')).toBe(0);
      expect(unwrapPayload({ '@odata.context': '$metadata#Edm.String', value: null }, 'v4')).toBeNull();
    });

    it('unwraps a collection with other annotations, and a bare value', () => {
      const items = [{ ID: 1 }, { ID: 2 }];
      expect(unwrapPayload({ '@odata.context': '$metadata#Orders', '@odata.count': 2, '@odata.nextLink': 'Orders?$skip=2', value: items }, 'v4')).toBe(items);
      expect(unwrapPayload({ value: items }, 'v4')).toBe(items);
      expect(unwrapPayload({ 'value@odata.type': '#Collection(Edm.Int32)', value: [1] }, 'v4')).toEqual([1]);
    });

    it('returns an entity as it is, even one with a value property', () => {
      const entity = { '@odata.context': '$metadata#Orders/$entity', ID: 1, value: 5 };
      expect(unwrapPayload(entity, 'v4')).toBe(entity);
      expect(unwrapPayload({ ID: 1, Amount: '12.50' }, 'v4')).toEqual({ ID: 1, Amount: '12.50' });
      const noContext = { ID: 1, value: 5 };
      expect(unwrapPayload(noContext, 'v4')).toBe(noContext);
      const entityWithOnlyValue = { '@odata.context': '$metadata#Meters/$entity', value: 3 };
      expect(unwrapPayload(entityWithOnlyValue, 'v4')).toBe(entityWithOnlyValue);
    });

    it('does not unwrap v2 wrappers', () => {
      const body = { d: { results: [] } };
      expect(unwrapPayload(body, 'v4')).toBe(body);
    });

    it('ignores an inherited value', () => {
      const body: Record<string, unknown> = Object.create({ value: 'inherited' });
      expect(unwrapPayload(body, 'v4')).toBe(body);
    });
  });

  describe('v2', () => {
    it('unwraps d.results to the array, also with __count, __next and __delta', () => {
      const results = [{ ID: 1 }];
      expect(unwrapPayload({ d: { results } }, 'v2')).toBe(results);
      expect(unwrapPayload({ d: { results, __count: '10', __next: 'Orders?$skiptoken=1' } }, 'v2')).toBe(results);
      expect(unwrapPayload({ d: { results, __delta: 'Orders?!deltatoken=1' } }, 'v2')).toBe(results);
    });

    it('unwraps d.<Name> when it is the operation name, whatever the value', () => {
      expect(unwrapPayload({ d: { GetTotal: 42 } }, 'v2', 'GetTotal')).toBe(42);
      const complex = { __metadata: { type: 'SALES.Total' }, Amount: '1.00' };
      expect(unwrapPayload({ d: { GetTotal: complex } }, 'v2', 'GetTotal')).toBe(complex);
    });

    it('unwraps the only key of d when its value is a primitive', () => {
      expect(unwrapPayload({ d: { SalesReportGenerate: 'queued' } }, 'v2')).toBe('queued');
      expect(unwrapPayload({ d: { Other: true } }, 'v2', 'GetTotal')).toBe(true);
      expect(unwrapPayload({ d: { X: null } }, 'v2')).toBeNull();
      expect(unwrapPayload({ d: { X: 1.5 } }, 'v2')).toBe(1.5);
    });

    it('returns the entity in d', () => {
      const entity = { __metadata: { uri: "Orders('1')" }, ID: '1', Status: 'Open' };
      expect(unwrapPayload({ d: entity }, 'v2')).toBe(entity);
      // A single non-primitive key that is not the operation name is an entity too.
      const single = { Address: { City: 'Walldorf' } };
      expect(unwrapPayload({ d: single }, 'v2', 'GetAddress')).toBe(single);
      expect(unwrapPayload({ d: single }, 'v2')).toBe(single);
    });

    it('treats d with __metadata as an entity, even with one property named like the operation', () => {
      const entity = { __metadata: { uri: "Totals('1')" }, GetTotal: 5 };
      expect(unwrapPayload({ d: entity }, 'v2', 'GetTotal')).toBe(entity);
      const onlyMetadata = { __metadata: { uri: 'x' } };
      expect(unwrapPayload({ d: onlyMetadata }, 'v2')).toBe(onlyMetadata);
    });

    it('treats d.results next to entity properties as an entity', () => {
      const entity = { ID: 1, results: [1, 2] };
      expect(unwrapPayload({ d: entity }, 'v2')).toBe(entity);
      const notArray = { results: 'text' };
      expect(unwrapPayload({ d: notArray }, 'v2')).toBe('text');
    });

    it('unwraps the v1 JSON array in d', () => {
      const list = [{ ID: 1 }];
      expect(unwrapPayload({ d: list }, 'v2')).toBe(list);
    });

    it('returns the body when d is not the only key or not an object', () => {
      const extra = { d: { results: [] }, error: {} };
      expect(unwrapPayload(extra, 'v2')).toBe(extra);
      const primitive = { d: 5 };
      expect(unwrapPayload(primitive, 'v2')).toBe(primitive);
      const nullD = { d: null };
      expect(unwrapPayload(nullD, 'v2')).toBe(nullD);
      const empty = { d: {} };
      expect(unwrapPayload(empty, 'v2')).toEqual({});
      const noD = { value: 1 };
      expect(unwrapPayload(noD, 'v2')).toBe(noD);
    });
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'text'],
    ['a number', 1],
    ['an array', [1, 2]],
  ])('returns %s as it is in both protocols', (_label, body) => {
    expect(unwrapPayload(body, 'v4')).toBe(body);
    expect(unwrapPayload(body, 'v2')).toBe(body);
  });

  it('never throws and only returns the body or a part of it (property)', () => {
    const parts = (value: unknown): unknown[] => (typeof value === 'object' && value !== null ? [value, ...Object.values(value).flatMap(parts)] : [value]);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom<'v4' | 'v2'>('v4', 'v2'), fc.option(fc.string()), (body, protocol, name) => {
        const result = unwrapPayload(body, protocol, name ?? undefined);
        expect(parts(body)).toContain(result);
      }),
    );
  });
});
