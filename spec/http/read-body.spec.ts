import fc from 'fast-check';
import { isLeft, left, right } from 'fp-ts/Either';
import type { HttpResponse } from '../../lib/http/http.js';
import { isJsonMediaType, readBody } from '../../lib/http/read-body.js';

const response = (body: string, contentType?: string): HttpResponse => ({
  status: 200,
  headers: contentType === undefined ? {} : { 'content-type': contentType },
  body,
});

describe('readBody', () => {
  it.each([
    ['', undefined],
    ['', 'application/json'],
    ['  \r\n ', 'application/json'],
    ['\uFEFF', undefined],
  ])('an empty or blank body %j (content type %p) is Right(undefined)', (body, contentType) => {
    expect(readBody(response(body, contentType))).toEqual(right(undefined));
  });

  it.each([
    'application/json',
    'application/json;odata.metadata=minimal',
    'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false',
    'Application/JSON; charset=utf-8',
    'application/problem+json',
    'application/vnd.api+json',
    'text/x.custom+json',
  ])('parses JSON for the content type %p', (contentType) => {
    expect(readBody(response('"text"', contentType))).toEqual(right('text'));
    expect(readBody(response('42', contentType))).toEqual(right(42));
    expect(readBody(response('{"status":"Running"}', contentType))).toEqual(right({ status: 'Running' }));
  });

  it.each([undefined, 'text/plain', 'application/octet-stream', 'application/xml'])(
    'parses a body that starts with { or [ whatever the content type (%p)',
    (contentType) => {
      expect(readBody(response('{"a":[1,2]}', contentType))).toEqual(right({ a: [1, 2] }));
      expect(readBody(response('  [1]', contentType))).toEqual(right([1]));
    },
  );

  it('ignores a byte-order mark before JSON', () => {
    expect(readBody(response('\uFEFF{"a":1}', 'application/json'))).toEqual(right({ a: 1 }));
  });

  it.each([
    ['<error><code>E</code></error>', 'application/xml'],
    ['HTTP/1.1 200 OK\r\n\r\n', 'application/http'],
    ['Done', 'text/plain'],
    ['Done', undefined],
    ['42', 'text/plain'],
  ])('keeps %j (%p) as text', (body, contentType) => {
    expect(readBody(response(body, contentType))).toEqual(right(body));
  });

  it('keeps the text as sent, surrounding blanks and all', () => {
    expect(readBody(response('  Done \n', 'text/plain'))).toEqual(right('  Done \n'));
  });

  it.each([
    ['{"a":', 'application/json'],
    ['{"a":', undefined],
    ['[1,', 'text/plain'],
    ['Done', 'application/json'],
    ['{"a":1} trailing', 'application/json;odata.metadata=minimal'],
  ])('reports %j (%p) as not valid JSON', (body, contentType) => {
    const result = readBody(response(body, contentType));
    expect(isLeft(result) && result.left).toMatch(/^the body is not valid JSON: ./);
  });

  it('reports a body nested too deeply (the safe parser refuses it)', () => {
    const result = readBody(response(`${'['.repeat(1000)}${']'.repeat(1000)}`, 'application/json'));
    expect(isLeft(result) && result.left).toMatch(/^the body is not valid JSON: JSON nesting is deeper than/);
  });

  it('drops prototype-polluting keys', () => {
    const result = readBody(response('{"__proto__":{"polluted":true},"a":1}', 'application/json'));
    expect(result).toEqual(right({ a: 1 }));
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('never throws, whatever the body and content type (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.constantFrom('application/json', 'text/plain', 'application/xml'), { nil: undefined }), (body, contentType) => {
        const result = readBody(response(body, contentType));
        // A Left only ever comes from text that had to be JSON.
        if (isLeft(result)) expect(isJsonMediaType(contentType) || /^\s*[[{]/.test(body)).toBe(true);
      }),
    );
  });

  it('reads any JSON value back as itself (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        // The keys that could pollute prototypes are dropped on purpose (see safe-json.spec.ts).
        const expected: unknown = JSON.parse(text, (key, v: unknown) => (['__proto__', 'constructor', 'prototype'].includes(key) ? undefined : v));
        expect(readBody(response(text, 'application/json'))).toEqual(right(expected));
      }),
    );
  });

  it('reports a non-Error thrown by the parser as text', async () => {
    await jest.isolateModulesAsync(async () => {
      jest.doMock('../../lib/http/safe-json.js', () => ({
        parseJsonSafely: () => {
          throw 'parser exploded'; // not an Error: the case under test
        },
      }));
      const isolated = await import('../../lib/http/read-body.js');
      expect(isolated.readBody(response('{}', 'application/json'))).toEqual(left('the body is not valid JSON: parser exploded'));
    });
  });
});

describe('isJsonMediaType', () => {
  it.each([
    ['application/json', true],
    [' application/json ; charset=utf-8', true],
    ['application/problem+json', true],
    ['application/jsonp', false],
    ['application/json-patch', false],
    ['text/json', false],
    ['application/xml', false],
    ['+json', false],
    ['', false],
    [undefined, false],
    ['application/+json', true],
    ['APPLICATION/JSON;odata.metadata=minimal', true],
    ['application/json x', false],
    ['application /json', false],
  ])('%p → %p', (contentType, expected) => {
    expect(isJsonMediaType(contentType)).toBe(expected);
  });

  // Server text: a crafted header is read in one pass (a backtracking pattern would run into jest's timeout).
  const MB = 1e6;
  it.each([
    ['a/ + 1 MB of "+json" + "x"', `a/${'+json'.repeat(MB / 5)}x`, false],
    ['a/ + 1 MB of "+" + "json" + 1 MB of blanks + "x"', `a/${'+'.repeat(MB)}json${' '.repeat(MB)}x`, false],
    ['1 MB of blanks + application/json + 1 MB of blanks + ";"', `${' '.repeat(MB)}application/json${' '.repeat(MB)};`, true],
    ['1 MB of "a" + "/" + 1 MB of "a" + "+jso"', `${'a'.repeat(MB)}/${'a'.repeat(MB)}+jso`, false],
  ])('reads a crafted content type (%s) in linear time', (_, contentType, expected) => {
    expect(isJsonMediaType(contentType)).toBe(expected);
    expect(readBody({ status: 200, headers: { 'content-type': contentType }, body: 'plain' })).toStrictEqual(expected ? expect.anything() : right('plain'));
  });
});
