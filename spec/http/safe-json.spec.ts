import fc from 'fast-check';
import { DEFAULT_MAX_JSON_DEPTH, parseJsonSafely } from '../../lib/http/safe-json.js';

function nested(depth: number, open = '[', close = ']'): string {
  return `${open.repeat(depth)}${close.repeat(depth)}`;
}

describe('parseJsonSafely', () => {
  it('parses ordinary JSON like JSON.parse', () => {
    const text = '{"a":1,"b":[true,null,"x"],"c":{"d":1.5}}';
    expect(parseJsonSafely(text)).toEqual(JSON.parse(text));
    expect(parseJsonSafely('42')).toBe(42);
    expect(parseJsonSafely('"s"')).toBe('s');
  });

  it('drops __proto__ at every level without polluting Object.prototype', () => {
    const parsed = parseJsonSafely('{"__proto__":{"polluted":true},"a":{"__proto__":{"polluted":true},"b":1},"list":[{"__proto__":{"x":1}}]}');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(parsed).toEqual({ a: { b: 1 }, list: [{}] });
    expect(Object.keys(parsed as object)).toEqual(['a', 'list']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    // Merging the result into another object must not change that object's prototype either.
    const merged = Object.assign({}, parsed);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect((merged as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('drops forbidden keys written with escapes, which a plain search for them would miss', () => {
    const parsed = parseJsonSafely('{"\\u005f_proto__":{"polluted":true},"a":{"constructo\\u0072":1,"b":1},"protot\\u0079pe":2}');
    expect(parsed).toEqual({ a: { b: 1 } });
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('drops constructor and prototype keys at every level', () => {
    const parsed = parseJsonSafely('{"constructor":{"prototype":{"admin":true}},"x":{"prototype":1,"constructor":2,"keep":3}}');
    expect(parsed).toEqual({ x: { keep: 3 } });
    expect(Object.prototype.hasOwnProperty.call(parsed, 'constructor')).toBe(false);
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
  });

  it('keeps forbidden words as values and inside other keys', () => {
    expect(parseJsonSafely('{"k":"__proto__","my__proto__":1,"a":["constructor"]}')).toEqual({ k: '__proto__', my__proto__: 1, a: ['constructor'] });
  });

  it('has a default depth of 64: 64 levels parse, 65 throw', () => {
    expect(DEFAULT_MAX_JSON_DEPTH).toBe(64);
    expect(() => parseJsonSafely(nested(64))).not.toThrow();
    expect(() => parseJsonSafely(nested(65))).toThrow(new SyntaxError('JSON nesting is deeper than the allowed 64 levels (at character 64)'));
  });

  it('honours maxDepth and counts objects and arrays alike', () => {
    expect(parseJsonSafely('{"a":[1]}', { maxDepth: 2 })).toEqual({ a: [1] });
    expect(() => parseJsonSafely('{"a":[1]}', { maxDepth: 1 })).toThrow(SyntaxError);
    expect(() => parseJsonSafely('{"a":{"b":{}}}', { maxDepth: 2 })).toThrow(/deeper than the allowed 2 levels/);
    expect(parseJsonSafely('1', { maxDepth: 0 })).toBe(1);
    expect(() => parseJsonSafely('[]', { maxDepth: 0 })).toThrow(SyntaxError);
  });

  it('counts depth, not the number of containers: siblings do not add up', () => {
    expect(parseJsonSafely('[[1],[2],{"a":3},[4]]', { maxDepth: 2 })).toEqual([[1], [2], { a: 3 }, [4]]);
  });

  it('ignores brackets inside strings, including after escaped quotes and backslashes', () => {
    const text = JSON.stringify({ s: '[[[[{{{{', t: 'say \\"[[[[', u: 'end\\\\', v: '[[[' });
    expect(parseJsonSafely(text, { maxDepth: 1 })).toEqual(JSON.parse(text));
    // An escaped backslash right before the closing quote ends the string; the [ after it counts.
    expect(() => parseJsonSafely('["a\\\\",[[1]]]', { maxDepth: 2 })).toThrow(/deeper/);
  });

  it('refuses a huge hostile nesting without a stack overflow', () => {
    const hostile = '['.repeat(1_000_000);
    expect(() => parseJsonSafely(hostile)).toThrow(/deeper than the allowed 64 levels/);
  });

  it('throws SyntaxError for invalid JSON', () => {
    expect(() => parseJsonSafely('{"a":')).toThrow(SyntaxError);
    expect(() => parseJsonSafely('')).toThrow(SyntaxError);
    expect(() => parseJsonSafely(']]][')).toThrow(SyntaxError);
    expect(() => parseJsonSafely("{'a':1}")).toThrow(SyntaxError);
  });

  it('rejects a maxDepth that is not a non-negative integer', () => {
    expect(() => parseJsonSafely('1', { maxDepth: -1 })).toThrow(TypeError);
    expect(() => parseJsonSafely('1', { maxDepth: 1.5 })).toThrow(/non-negative integer/);
    expect(() => parseJsonSafely('1', { maxDepth: Number.NaN })).toThrow(TypeError);
  });

  it('agrees with JSON.parse on any JSON without forbidden keys (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const text = JSON.stringify(value);
        const safe = JSON.parse(text, (key: string, v: unknown) => (['__proto__', 'constructor', 'prototype'].includes(key) ? undefined : v));
        expect(parseJsonSafely(text)).toEqual(safe);
      }),
    );
  });

  it('never leaves a forbidden own key anywhere (property)', () => {
    const forbidden = fc.constantFrom('__proto__', 'constructor', 'prototype');
    const key = fc.oneof(forbidden, fc.string({ maxLength: 3 }));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.array(tie('node'), { maxLength: 3 }), fc.array(fc.tuple(key, tie('node')), { maxLength: 3 })),
    })).node;
    // Build the text by hand so that `__proto__` really appears as a JSON key.
    const toText = (node: unknown): string => {
      if (!Array.isArray(node)) return JSON.stringify(node);
      if (node.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string') && node.length > 0) {
        return `{${node.map(([k, v]: [string, unknown]) => `${JSON.stringify(k)}:${toText(v)}`).join(',')}}`;
      }
      return `[${node.map(toText).join(',')}]`;
    };
    const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];
    const hasForbidden = (value: unknown): boolean =>
      typeof value === 'object' &&
      value !== null &&
      (FORBIDDEN.some((k) => Object.prototype.hasOwnProperty.call(value, k)) || Object.values(value).some(hasForbidden));
    expect(hasForbidden(JSON.parse('{"a":[{"__proto__":1}]}'))).toBe(true); // the checker itself can fail
    fc.assert(
      fc.property(tree, (node) => {
        const parsed = parseJsonSafely(toText(node));
        expect(hasForbidden(parsed)).toBe(false);
        expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
      }),
    );
  });
});
