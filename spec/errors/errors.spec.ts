import type { AsyncOpUpdate } from '../../lib/lro/async-op-update';
import { AsyncOpFailedError, isAsyncOpFailedError } from '../../lib/errors/async-op-failed-error';
import { AsyncOpTimeoutError, isAsyncOpTimeoutError } from '../../lib/errors/async-op-timeout-error';
import { isLocationNotAllowedError, LocationNotAllowedError } from '../../lib/errors/location-not-allowed-error';
import { isODataAsyncError, ODataAsyncError } from '../../lib/errors/odata-async-error';
import { isODataHttpError, ODataHttpError } from '../../lib/errors/odata-http-error';
import { isODataNetworkError, ODataNetworkError } from '../../lib/errors/odata-network-error';
import { isODataProtocolError, ODataProtocolError } from '../../lib/errors/odata-protocol-error';

const update: AsyncOpUpdate = {
  status: 'Failed',
  poll: 3,
  location: 'https://h/m/1',
  httpStatus: 200,
  body: {},
  error: { code: 'E1', message: 'Ledger locked', details: [] },
};

const cases = [
  {
    error: new AsyncOpFailedError(update),
    name: 'AsyncOpFailedError',
    guard: isAsyncOpFailedError,
    message: 'Operation https://h/m/1 failed after 3 poll(s): E1: Ledger locked',
  },
  {
    error: new AsyncOpFailedError({ ...update, error: undefined }),
    name: 'AsyncOpFailedError',
    guard: isAsyncOpFailedError,
    message: 'Operation https://h/m/1 failed after 3 poll(s): HTTP 200',
  },
  {
    error: new AsyncOpTimeoutError({ reason: 'maxPolls', polls: 30, location: 'https://h/m/1', lastUpdate: { ...update, status: 'Running' }, limit: 30 }),
    name: 'AsyncOpTimeoutError',
    guard: isAsyncOpTimeoutError,
    message: 'Operation https://h/m/1 still Running after 30 poll(s) (maxPolls: 30)',
  },
  {
    error: new AsyncOpTimeoutError({ reason: 'timeout', polls: 4, location: 'https://h/m/1', limit: 5000 }),
    name: 'AsyncOpTimeoutError',
    guard: isAsyncOpTimeoutError,
    message: 'Operation https://h/m/1 still Running after 4 poll(s) (timeout: 5000 ms)',
  },
  {
    error: new ODataHttpError({ status: 400, method: 'POST', url: 'https://h/Run', odataError: { code: 'BadYear', message: 'Year is required', details: [] } }),
    name: 'ODataHttpError',
    guard: isODataHttpError,
    message: 'POST https://h/Run answered HTTP 400: BadYear Year is required',
  },
  {
    error: new ODataHttpError({ status: 502, method: 'GET', url: 'https://h/m' }),
    name: 'ODataHttpError',
    guard: isODataHttpError,
    message: 'GET https://h/m answered HTTP 502',
  },
  {
    error: new ODataNetworkError({ method: 'GET', url: 'https://h/m', code: 'ECONNRESET' }),
    name: 'ODataNetworkError',
    guard: isODataNetworkError,
    message: 'GET https://h/m got no answer (ECONNRESET)',
  },
  {
    error: new ODataNetworkError({ method: 'GET', url: 'https://h/m' }),
    name: 'ODataNetworkError',
    guard: isODataNetworkError,
    message: 'GET https://h/m got no answer',
  },
  { error: new ODataProtocolError('202 without Location'), name: 'ODataProtocolError', guard: isODataProtocolError, message: '202 without Location' },
  {
    error: new LocationNotAllowedError({ location: 'https://evil/x', allowedOrigins: ['https://h'] }),
    name: 'LocationNotAllowedError',
    guard: isLocationNotAllowedError,
    message: 'Refusing to follow "https://evil/x": its origin is not allowed (allowed: https://h; see the allowedOrigins option)',
  },
  {
    error: new LocationNotAllowedError({ location: 'x', allowedOrigins: [], reason: 'it is empty' }),
    name: 'LocationNotAllowedError',
    guard: isLocationNotAllowedError,
    message: 'Refusing to follow "x": it is empty (allowed: none; see the allowedOrigins option)',
  },
];

describe('error classes', () => {
  it.each(cases)('$name has a literal name, a message to act on, and its guard', ({ error, name, guard, message }) => {
    expect(error.name).toBe(name);
    expect(error.message).toBe(message);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ODataAsyncError);
    expect(guard(error)).toBe(true);
    expect(isODataAsyncError(error)).toBe(true);
    expect(guard(new Error('other'))).toBe(false);
    expect(error.stack).toContain(name);
  });

  it('no guard accepts another class of this library', () => {
    const guards = [isAsyncOpFailedError, isAsyncOpTimeoutError, isODataHttpError, isODataNetworkError, isODataProtocolError, isLocationNotAllowedError];
    for (const { error, guard } of cases) {
      for (const other of guards) if (other !== guard) expect(other(error)).toBe(false);
    }
  });

  it('offers the OData error fields as shorthands', () => {
    const detail = { code: 'D1', message: 'more' };
    const http = new ODataHttpError({ status: 400, method: 'POST', url: 'u', odataError: { code: 'C', message: 'm', target: 'Year', details: [detail] } });
    expect([http.code, http.target, http.details]).toEqual(['C', 'Year', [detail]]);
    expect(http.error).toBe(http.odataError);
    const bare = new ODataHttpError({ status: 502, method: 'GET', url: 'u' });
    expect([bare.code, bare.target, bare.details]).toEqual([undefined, undefined, []]);
    expect(new AsyncOpFailedError(update).error).toBe(update.error);
  });

  it('keeps the context a user needs', () => {
    const failed = new AsyncOpFailedError(update);
    expect(failed).toMatchObject({ update, odataError: update.error, location: 'https://h/m/1', poll: 3 });
    const http = new ODataHttpError({ status: 403, method: 'GET', url: 'https://h/m', headers: { a: 'b' }, body: 'x', cause: 'why' });
    expect(http).toMatchObject({ status: 403, method: 'GET', url: 'https://h/m', headers: { a: 'b' }, body: 'x', code: undefined, cause: 'why' });
    const protocol = new ODataProtocolError('bad', { method: 'GET', url: 'u', status: 200, issues: ['line'] });
    expect(protocol).toMatchObject({ method: 'GET', url: 'u', status: 200, issues: ['line'] });
    expect(new ODataProtocolError('no cause').cause).toBeUndefined();
    expect(new ODataHttpError({ status: 1, method: 'GET', url: 'u', message: 'custom' }).message).toBe('custom');
  });

  // Every declared field is an own property, `undefined` included, so `'status' in err` and
  // Object.keys(err) describe the class, and nothing a caller passes beyond them gets in.
  it.each([
    [new ODataProtocolError('m'), ['method', 'url', 'status', 'issues']],
    [new ODataHttpError({ status: 502, method: 'GET', url: 'u' }), ['status', 'method', 'url', 'odataError', 'headers', 'body']],
    [new ODataNetworkError({ method: 'GET', url: 'u' }), ['method', 'url', 'code']],
    [new AsyncOpTimeoutError({ reason: 'timeout', polls: 1, location: 'l', limit: 5 }), ['reason', 'polls', 'location', 'lastUpdate']],
    [new AsyncOpFailedError({ ...update, error: undefined }), ['update', 'odataError', 'location', 'poll']],
    [new LocationNotAllowedError({ location: 'l', allowedOrigins: [] }), ['location', 'allowedOrigins']],
  ] as const)('%p has exactly its declared fields as own properties', (error, fields) => {
    for (const field of fields) expect(Object.prototype.hasOwnProperty.call(error, field)).toBe(true);
    expect(Object.keys(error).sort()).toEqual(['name', ...fields].sort());
  });

  it('copies no key beyond its declared fields', () => {
    const request = { method: 'POST', url: 'u', operationName: 'Run', limit: 3, cause: undefined };
    const protocol = new ODataProtocolError('bad', { ...request, status: 200 });
    expect(protocol).not.toHaveProperty('operationName');
    expect(Object.keys(protocol)).not.toContain('cause');
    const http = new ODataHttpError({ ...request, status: 500 });
    expect(http).not.toHaveProperty('operationName');
    expect(new AsyncOpTimeoutError({ reason: 'maxPolls', polls: 3, location: 'l', limit: 3 })).not.toHaveProperty('limit');
  });
});
