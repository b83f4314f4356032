/**
 * Values, names and keys that could break out of the URL they are written into: a value stays
 * inside its literal, a name that would need escaping is refused, and nothing leaves the
 * service root.
 */
import { lastValueFrom } from 'rxjs';
import { clientFor, decodedPath, ok, queryOf, serve } from '../../support/scripted-server';

describe('encoding safety', () => {
  it('a v4 string literal is quoted with its quotes doubled; / ? # & CR LF stay inside the literal', async () => {
    const s = await serve({ '*': ok({ value: 1 }) });
    await lastValueFrom(clientFor(s).function('Fn').parameter('s', "O'Neil/a?b#c&d\r\ne").parameter('t', 'y').execute());
    const q = s.requests[0]!;
    expect(q.url).not.toMatch(/[#\r\n]/);
    expect(q.url.split('?')).toHaveLength(1);
    expect(decodedPath(q)).toBe("/svc/Fn(s='O''Neil/a?b#c&d\r\ne',t='y')");
  });

  it('a v4 non-ASCII string is sent as percent-encoded UTF-8', async () => {
    const s = await serve({ '*': ok({ value: 1 }) });
    await lastValueFrom(clientFor(s).function('Fn').parameter('s', 'Müller €').execute());
    const q = s.requests[0]!;
    expect(q.url).not.toMatch(/[^\x21-\x7e]/);
    expect(decodeURIComponent(q.path)).toBe("/svc/Fn(s='Müller €')");
  });

  it('in a v2 query a space is sent as %20, never "+" (a "+" in a query is a plus sign); & and # stay inside the value', async () => {
    const s = await serve({ '*': ok({ d: { Echo: true } }) });
    await lastValueFrom(clientFor(s, { protocol: 'v2' }).function('Echo').parameter('S', 'a b+c&X=1#z').execute());
    const q = s.requests[0]!;
    const raw = q.url.split('?')[1] ?? '';
    expect(raw).not.toMatch(/[ #]/);
    expect(raw.split('&')).toHaveLength(1);
    expect(raw).not.toMatch(/a\+b/);
    expect(queryOf(q)).toEqual({ S: "'a b+c&X=1#z'" });
  });

  it("a parameter name that could break out (a&b=c, x')/y, CR/LF) is a TypeError at once, and nothing is sent", async () => {
    const s = await serve({ '*': ok({}) });
    for (const protocol of ['v4', 'v2'] as const) {
      const client = clientFor(s, { protocol });
      expect(() => client.function('Fn').parameter('a&b=c', 1)).toThrow(TypeError);
      expect(() => client.function('Fn').parameter("x')/y", 1)).toThrow(TypeError);
      expect(() => client.function('Fn').parameter('a\r\nb', 1)).toThrow(TypeError);
    }
    expect(s.requests).toHaveLength(0);
  });

  it('an operation name with a path break-out (../Secret, a/b, a?b, a#b) is refused or sent inside the service root', async () => {
    const s = await serve({ '*': ok({}) });
    const client = clientFor(s);
    for (const name of ['../Secret', 'a/b', 'a?b=1', 'a#b']) {
      let threw = false;
      try {
        await lastValueFrom(client.action(name).execute());
      } catch (e) {
        threw = e instanceof TypeError;
      }
      if (!threw) {
        const q = s.requests.at(-1)!;
        expect(q.path.startsWith('/svc/')).toBe(true);
        expect(q.url.includes('?')).toBe(false);
        expect(decodeURIComponent(q.path)).toBe(`/svc/${name}`);
      }
    }
  });
});
