import fc from 'fast-check';
import { resolveAllowedUrl } from '../../lib/odata/resolve-allowed-url';
import { LocationNotAllowedError } from '../../lib/errors/location-not-allowed-error';

const allowed = ['https://host.example', 'https://mon.example:8443'];
const base = 'https://host.example/odata/Run';

describe('resolveAllowedUrl', () => {
  it.each([
    ['$monitor/1', 'https://host.example/odata/$monitor/1'],
    ['/odata/$monitor/1', 'https://host.example/odata/$monitor/1'],
    ['../other/x', 'https://host.example/other/x'],
    ['https://host.example/a?b=c#frag', 'https://host.example/a?b=c'],
    ['https://mon.example:8443/m/1', 'https://mon.example:8443/m/1'],
    ['  /padded  ', 'https://host.example/padded'],
  ])('resolves %p against the response URL', (raw, expected) => {
    expect(resolveAllowedUrl(raw, base, allowed)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['https://evil.example/steal', /origin https:\/\/evil.example is not allowed/],
    ['//evil.example/steal', /not allowed/],
    ['https://mon.example/m/1', /not allowed/],
    ['http://host.example/odata/x', /not allowed/],
    ['javascript:alert(1)', /only http\(s\)/],
    ['file:///etc/passwd', /only http\(s\)/],
    ['data:text/plain,hi', /only http\(s\)/],
    ['https://user:pw@host.example/x', /credentials/],
    ['/odata/x\r\nSet-Cookie: a=b', /control characters/],
    ['http://[::1', /not a valid URL/],
  ])('refuses %p with LocationNotAllowedError', (raw, reason) => {
    expect(() => resolveAllowedUrl(raw, base, allowed)).toThrow(LocationNotAllowedError);
    expect(() => resolveAllowedUrl(raw, base, allowed)).toThrow(reason);
  });

  it('never returns a URL outside the allowed origins, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.webPath()), (raw) => {
        try {
          const url = new URL(resolveAllowedUrl(raw, base, allowed));
          expect(allowed).toContain(url.origin);
        } catch (error) {
          expect(error).toBeInstanceOf(LocationNotAllowedError);
        }
      }),
    );
  });
});
