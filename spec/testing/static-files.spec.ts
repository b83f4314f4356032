import { startMockODataServer, type StaticFiles } from '../../lib/testing/index.js';
import { bodyOf, pick, rawRequest, useMockServer } from './support.js';
import { REAL_SERVER_TIMEOUT_MS } from '../support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

const html = '<!doctype html><title>Ünïcode app</title><script type="module" src="/app/main.js"></script>';
const files: Record<string, { contentType: string; body: string }> = {
  '/app/': { contentType: 'text/html;charset=utf-8', body: html },
  '/app/main.js': { contentType: 'text/javascript;charset=utf-8', body: 'console.log(1);' },
};

describe('startMockODataServer({ staticFiles })', () => {
  const server = useMockServer({ staticFiles: files });

  it('serves a file with GET on the server origin, uncached, the query ignored', async () => {
    const res = await fetch(`${server().origin}/app/?v=2`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html;charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(html)));
    expect(await res.text()).toBe(html);
    const script = await fetch(`${server().origin}/app/main.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript;charset=utf-8');
    expect(await script.text()).toBe('console.log(1);');
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await rawRequest(`${server().origin}/app/main.js`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('15');
    expect(res.body).toBe('');
  });

  it('answers other methods with 405 and Allow, and leaves preflights to CORS', async () => {
    const post = await fetch(`${server().origin}/app/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(pick(await bodyOf(post), 'error', 'code')).toBe('MethodNotAllowed');
    const preflight = await fetch(`${server().origin}/app/`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:4200', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
  });

  it('serves exact paths only: others are still the services or 404', async () => {
    expect((await fetch(`${server().origin}/app`)).status).toBe(404);
    expect((await fetch(`${server().origin}/app/other.js`)).status).toBe(404);
    expect((await fetch(server().v4Root)).status).toBe(200);
  });

  it('logs static requests like any other', async () => {
    server().clearLog();
    await fetch(`${server().origin}/app/main.js`);
    expect(server().requestsTo('/app/')).toEqual([expect.objectContaining({ method: 'GET', url: '/app/main.js', status: 200 })]);
  });

  it('keeps the files it was started with when the caller changes its object', async () => {
    const mine: Record<string, { contentType: string; body: string }> = { '/page': { contentType: 'text/plain', body: 'one' } };
    const other = await startMockODataServer({ staticFiles: mine });
    try {
      mine['/page'] = { contentType: 'text/plain', body: 'two' };
      expect(await (await fetch(`${other.origin}/page`)).text()).toBe('one');
    } finally {
      await other.close();
    }
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'index.html', /staticFiles must be an object/],
    ['an array', [], /staticFiles must be an object/],
    ['a relative path', { 'app/': files['/app/'] }, /"app\/" must start with \//],
    ['a path with a query', { '/app/?x=1': files['/app/'] }, /no query or fragment/],
    ['a path inside the v4 root', { '/odata/v4/sales/page': files['/app/'] }, /inside the service root \/odata\/v4\/sales\//],
    ['the v2 root without its slash', { '/sap/opu/odata/sap/ZSALES_SRV': files['/app/'] }, /inside the service root/],
    ['a file without contentType', { '/a': { body: 'x' } }, /staticFiles\["\/a"\] must be \{ contentType: string, body: string \}/],
    ['a file with an empty contentType', { '/a': { contentType: '', body: 'x' } }, /must be \{ contentType/],
    ['a file whose body is not text', { '/a': { contentType: 'image/png', body: new Uint8Array(2) } }, /must be \{ contentType/],
    ['a file that is null', { '/a': null }, /must be \{ contentType/],
  ])('refuses %s with a TypeError', async (_what, staticFiles, message) => {
    // The option comes from JavaScript callers too: the checks hold without the types.
    const options: { staticFiles?: StaticFiles } = {};
    Reflect.set(options, 'staticFiles', staticFiles);
    await expect(startMockODataServer(options)).rejects.toThrow(TypeError);
    await expect(startMockODataServer(options)).rejects.toThrow(message);
  });
});
