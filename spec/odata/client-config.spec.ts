import { EMPTY } from 'rxjs';
import { resolveClientConfig, type ODataClientConfig } from '../../lib/odata/client-config';
import { createODataClient } from '../../lib/odata/odata-client';

describe('resolveClientConfig', () => {
  it('applies the defaults and normalises the service root to end with a slash', () => {
    expect(resolveClientConfig({ serviceRoot: 'https://host.example/odata/v4/sales' })).toEqual({
      serviceRoot: 'https://host.example/odata/v4/sales/',
      serviceOrigin: 'https://host.example',
      protocol: 'v4',
      headers: {},
      csrf: 'auto',
      preferAsync: true,
      allowedOrigins: ['https://host.example'],
      requestTimeout: undefined,
      retries: 3,
      maxResponseBytes: 5 * 1024 * 1024,
      cookies: true,
    });
  });

  it.each<[string, string, 'v4' | 'v2']>([
    ['a SAP Gateway v2 root', 'https://host/sap/opu/odata/sap/MY_SRV/', 'v2'],
    ['a SAP Gateway v2 root without its slash', 'https://host/sap/opu/odata/sap/MY_SRV', 'v2'],
    ['a SAP Gateway v2 root in upper case (the ABAP server ignores case)', 'https://host/SAP/OPU/ODATA/SAP/MY_SRV/', 'v2'],
    ['a SAP Gateway v2 root behind a proxy prefix', 'https://proxy/erp/sap/opu/odata/sap/MY_SRV/', 'v2'],
    ['a SAP Gateway v2 namespaced root', 'https://host/sap/opu/odata/iwbep/GWSAMPLE_BASIC/', 'v2'],
    ['a SAP Gateway v4 root', 'https://host/sap/opu/odata4/sap/my_srv/srvd/sap/my_srv/0001/', 'v4'],
    ['a path that only starts like it', 'https://host/sap/opu/odatax/MY_SRV/', 'v4'],
    ['a CAP v4 root', 'https://host/odata/v4/sales/', 'v4'],
    ['a CAP v2 adapter root (not SAP Gateway: say protocol)', 'https://host/odata/v2/sales/', 'v4'],
  ])('infers the protocol of %s when none is given', (_, serviceRoot, protocol) => {
    expect(resolveClientConfig({ serviceRoot }).protocol).toBe(protocol);
  });

  it('keeps a configured protocol over the inferred one', () => {
    expect(resolveClientConfig({ serviceRoot: 'https://host/sap/opu/odata/sap/MY_SRV/', protocol: 'v4' }).protocol).toBe('v4');
    expect(resolveClientConfig({ serviceRoot: 'https://host/odata/v2/sales/', protocol: 'v2' }).protocol).toBe('v2');
  });

  it('keeps session cookies by default with the built-in transport; with your own only when cookies: true', () => {
    const transport = () => EMPTY;
    expect(resolveClientConfig({ serviceRoot: 'https://host/' }).cookies).toBe(true);
    expect(resolveClientConfig({ serviceRoot: 'https://host/', transport }).cookies).toBe(false);
    expect(resolveClientConfig({ serviceRoot: 'https://host/', transport, cookies: true }).cookies).toBe(true);
    expect(resolveClientConfig({ serviceRoot: 'https://host/', cookies: false }).cookies).toBe(false);
  });

  it('keeps extra allowed origins as origins, without duplicates', () => {
    const config = resolveClientConfig({ serviceRoot: 'https://host.example/odata/', allowedOrigins: ['https://mon.example/path', 'https://host.example'] });
    expect(config.allowedOrigins).toEqual(['https://host.example', 'https://mon.example']);
  });

  it.each<[string, unknown, RegExp]>([
    ['a missing config', undefined, /config must be an object, got undefined/],
    ['a missing serviceRoot', {}, /serviceRoot must be an absolute http\(s\) URL, got undefined/],
    ['a relative serviceRoot', { serviceRoot: '/sap/opu/odata/sap/MY_SRV/' }, /absolute http\(s\) URL/],
    ['a malformed serviceRoot', { serviceRoot: 'http//host' }, /absolute http\(s\) URL/],
    ['a non-http serviceRoot', { serviceRoot: 'ftp://host/odata/' }, /serviceRoot must be an absolute http\(s\) URL, got "ftp:\/\/host\/odata\/"/],
    ['credentials in the serviceRoot', { serviceRoot: 'https://user:pw@host/odata/' }, /credentials/],
    ['a query on the serviceRoot', { serviceRoot: 'https://host/odata/?sap-client=100' }, /query or fragment/],
    ['an unknown protocol', { serviceRoot: 'https://host/', protocol: 'v3' }, /protocol must be 'v4' or 'v2', got "v3"/],
    ['a bad csrf mode', { serviceRoot: 'https://host/', csrf: 'sometimes' }, /csrf must be 'auto', 'always' or 'never'/],
    [
      'a negative timeout',
      { serviceRoot: 'https://host/', requestTimeout: -1 },
      /requestTimeout must be a positive number of ms, at most 2147483647 .*, got -1/,
    ],
    // Node clamps a longer timer to 1 ms: every request would time out at once.
    [
      'a timeout longer than a timer can wait (3e9)',
      { serviceRoot: 'https://host/', requestTimeout: 3e9 },
      /requestTimeout must be .*at most 2147483647 \(2\^31−1, the longest timer\), got 3000000000/,
    ],
    ['a timeout of 2^31 ms', { serviceRoot: 'https://host/', requestTimeout: 2 ** 31 }, /requestTimeout must be .*at most 2147483647/],
    ['a NaN timeout', { serviceRoot: 'https://host/', requestTimeout: Number.NaN }, /requestTimeout/],
    ['a zero size limit', { serviceRoot: 'https://host/', maxResponseBytes: 0 }, /maxResponseBytes/],
    ['a non-boolean preferAsync', { serviceRoot: 'https://host/', preferAsync: 'yes' }, /preferAsync must be true or false/],
    ['a non-boolean cookies', { serviceRoot: 'https://host/', cookies: 1 }, /cookies must be true or false/],
    ['a header with CR/LF', { serviceRoot: 'https://host/', headers: { 'X-A': 'a\r\nX-B: b' } }, /CR, LF/],
    ['a bad header name', { serviceRoot: 'https://host/', headers: { 'X A': 'a' } }, /not a valid header name/],
    ['a non-string header', { serviceRoot: 'https://host/', headers: { 'X-A': 1 } }, /must be a string/],
    ['non-object headers', { serviceRoot: 'https://host/', headers: null }, /headers must be an object/],
    ['allowedOrigins not an array', { serviceRoot: 'https://host/', allowedOrigins: 'https://x' }, /allowedOrigins must be an array/],
    ['a relative allowed origin', { serviceRoot: 'https://host/', allowedOrigins: ['mon.example'] }, /allowedOrigins entry/],
    ['a non-string allowed origin', { serviceRoot: 'https://host/', allowedOrigins: [42] }, /allowedOrigins entry must be an absolute http\(s\) URL, got 42/],
    ['a bad transport', { serviceRoot: 'https://host/', transport: 'fetch' }, /transport must be a function/],
    ['a bad axios', { serviceRoot: 'https://host/', axios: 42 }, /axios must be an axios instance/],
    ['an unknown option (typo)', { serviceRoot: 'https://host/', preferAsnyc: false }, /unknown option "preferAsnyc"/],
    [
      'an option in another case',
      { serviceRoot: 'https://host/', preferasync: false },
      /unknown option "preferasync" \(did you mean "preferAsync"\?\); known options: serviceRoot, /,
    ],
    ['an array', [], /^createODataClient: config must be an object, got an array$/],
  ])('throws a TypeError that says what to fix for %s', (_, config, message) => {
    expect(() => createODataClient(config as ODataClientConfig)).toThrow(TypeError);
    expect(() => createODataClient(config as ODataClientConfig)).toThrow(message);
  });

  it('does not repeat a password or a header value in its message', () => {
    expect(() => createODataClient({ serviceRoot: 'https://user:secret@host/odata/' })).toThrow(/^((?!secret).)*$/);
    expect(() => createODataClient({ serviceRoot: 'https://host/', headers: { Authorization: 'Bearer secret\n' } })).toThrow(/^((?!secret).)*$/);
  });

  /** An object whose `option` reads `first`, then `later` on every further read. */
  function changing(option: string, first: unknown, later: unknown): ODataClientConfig {
    let reads = 0;
    const config = { serviceRoot: 'https://host/' };
    Object.defineProperty(config, option, { enumerable: true, get: () => (reads++ === 0 ? first : later) });
    return config;
  }

  it.each<[string, unknown, unknown, Partial<Record<string, unknown>>]>([
    ['maxResponseBytes', 1024, 'unlimited', { maxResponseBytes: 1024 }],
    ['requestTimeout', 5000, -1, { requestTimeout: 5000 }],
    ['protocol', 'v2', 'v3', { protocol: 'v2' }],
    ['serviceRoot', 'https://host/', 'ftp://evil/', { serviceRoot: 'https://host/' }],
  ])('uses the %s value it checked, even from a getter that changes', (option, first, later, expected) => {
    expect(resolveClientConfig(changing(option, first, later))).toMatchObject(expected);
  });

  it('uses the header values it checked, even from a getter that changes', () => {
    let reads = 0;
    const headers = {};
    Object.defineProperty(headers, 'X-A', { enumerable: true, get: () => (reads++ === 0 ? 'a' : 'a\r\nX-Injected: 1') });
    const config = resolveClientConfig({ serviceRoot: 'https://host/', headers });
    expect(config.headers).toEqual({ 'X-A': 'a' });
    expect(config.headers).not.toBe(headers);
  });

  it('checks an inherited option as it uses it', () => {
    const config: ODataClientConfig = Object.assign(Object.create({ maxResponseBytes: 'unlimited' }) as object, { serviceRoot: 'https://host/' });
    expect(() => resolveClientConfig(config)).toThrow(/maxResponseBytes must be a positive number, got "unlimited"/);
  });
});
