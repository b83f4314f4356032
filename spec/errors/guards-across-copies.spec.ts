/**
 * An app (or a test runner) may load the library twice: the ESM build through `import`, the
 * CommonJS build through `require`. Each copy has its own classes, so `instanceof` answers
 * `false` across them; the guards must not.
 */
import * as here from '../../lib/index';

type Library = typeof here;

/** A second, independent copy of the library's modules, as a second build would be. */
function otherCopy(): Library {
  let copy: Library | undefined;
  jest.isolateModules(() => {
    copy = jest.requireActual<Library>('../../lib/index');
  });
  return copy!;
}

const GUARDS = [
  'isAsyncOpFailedError',
  'isAsyncOpTimeoutError',
  'isODataHttpError',
  'isODataNetworkError',
  'isODataProtocolError',
  'isLocationNotAllowedError',
] as const;
type GuardName = (typeof GUARDS)[number];

/** One error of each class, made by `lib`, with the guard that must accept it. */
function errorsOf(lib: Library): Array<[GuardName, Error]> {
  const update = { status: 'Failed' as const, poll: 1, location: 'https://h/m', httpStatus: 200, body: {} };
  return [
    ['isAsyncOpFailedError', new lib.AsyncOpFailedError(update)],
    ['isAsyncOpTimeoutError', new lib.AsyncOpTimeoutError({ reason: 'maxPolls', polls: 3, location: 'https://h/m', limit: 3 })],
    ['isODataHttpError', new lib.ODataHttpError({ status: 500, method: 'GET', url: 'https://h/m' })],
    ['isODataNetworkError', new lib.ODataNetworkError({ method: 'GET', url: 'https://h/m', code: 'ECONNRESET' })],
    ['isODataProtocolError', new lib.ODataProtocolError('bad')],
    ['isLocationNotAllowedError', new lib.LocationNotAllowedError({ location: 'https://evil/', allowedOrigins: ['https://h'] })],
  ];
}

describe('guards across two copies of the library (ESM and CommonJS builds)', () => {
  const other = otherCopy();

  it('really are two copies: instanceof fails across them', () => {
    expect(other.ODataHttpError).not.toBe(here.ODataHttpError);
    expect(new other.ODataHttpError({ status: 500, method: 'GET', url: 'u' })).not.toBeInstanceOf(here.ODataHttpError);
  });

  it.each([
    ['this copy', 'the other', here, other],
    ['the other copy', 'this one', other, here],
  ] as const)("each guard of %s accepts its class's errors from %s, and no other class", (_, __, guards, maker) => {
    for (const [guardName, error] of errorsOf(maker)) {
      expect(guards.isODataAsyncError(error)).toBe(true);
      for (const name of GUARDS) expect([name, guards[name](error)]).toEqual([name, name === guardName]);
    }
  });

  it('accepts nothing else: plain errors, look-alikes without the brand, a throwing proxy, primitives', () => {
    const lookAlike = Object.assign(new Error('x'), { name: 'ODataHttpError', status: 500, method: 'GET', url: 'u' });
    const throwing = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
      },
    );
    for (const value of [new Error('x'), lookAlike, throwing, null, undefined, 'ODataHttpError', 42]) {
      expect(here.isODataAsyncError(value)).toBe(false);
      for (const name of GUARDS) expect(here[name](value)).toBe(false);
    }
  });

  it('adds no own key to an error (the brand lives on the prototype)', () => {
    const error = new here.ODataNetworkError({ method: 'GET', url: 'u' });
    expect(Object.getOwnPropertySymbols(error)).toEqual([]);
    expect(Object.keys(error).sort()).toEqual(['code', 'method', 'name', 'url']);
  });
});
