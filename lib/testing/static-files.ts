import { v4ErrorReply } from './errors.js';
import { textReply, type Reply } from './reply.js';

/** A text file the mock server serves on its own origin (an app's page, script or style sheet). */
export interface StaticFile {
  /** The `Content-Type` sent with it, e.g. `text/html;charset=utf-8`. */
  readonly contentType: string;
  /** The file's text, sent as is. */
  readonly body: string;
}

/** Static files by URL path (`/app/`, `/app/main.js`): exact paths, the query ignored. */
export type StaticFiles = Readonly<Record<string, StaticFile>>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the `staticFiles` option and copies it, so that later changes to the caller's object
 * do not change what is served. A path must be absolute, without query or fragment, and outside
 * the service roots: a page must never hide an OData resource.
 */
export function readStaticFiles(option: unknown, servicePaths: readonly string[]): ReadonlyMap<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (option === undefined) return files;
  if (!isRecord(option)) throw new TypeError('startMockODataServer: staticFiles must be an object of URL path → { contentType, body }');
  for (const [path, file] of Object.entries(option)) {
    if (!path.startsWith('/') || /[?#]/.test(path)) {
      throw new TypeError(`startMockODataServer: staticFiles path "${path}" must start with / and have no query or fragment`);
    }
    const clash = servicePaths.find((root) => path.startsWith(root) || path === root.slice(0, -1));
    if (clash !== undefined) throw new TypeError(`startMockODataServer: staticFiles path "${path}" is inside the service root ${clash}`);
    if (!isRecord(file) || typeof file['contentType'] !== 'string' || file['contentType'] === '' || typeof file['body'] !== 'string') {
      throw new TypeError(`startMockODataServer: staticFiles["${path}"] must be { contentType: string, body: string }`);
    }
    files.set(path, { contentType: file['contentType'], body: file['body'] });
  }
  return files;
}

/**
 * The answer for a static file: GET and HEAD serve it (never cached, so a rebuilt page shows at
 * once), other methods get 405. `undefined` when the path is not a static file, and for
 * preflights, which the CORS handler answers.
 */
export function staticFileReply(files: ReadonlyMap<string, StaticFile>, method: string, url: string): Reply | undefined {
  const q = url.indexOf('?');
  const file = files.get(q < 0 ? url : url.slice(0, q));
  if (file === undefined || method === 'OPTIONS') return undefined;
  const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Length': String(Buffer.byteLength(file.body)) };
  if (method === 'GET') return textReply(200, file.contentType, file.body, headers);
  if (method === 'HEAD') return { kind: 'http', status: 200, headers: { 'Content-Type': file.contentType, ...headers } };
  return v4ErrorReply(405, 'MethodNotAllowed', `${method} is not allowed on the static file ${url}; use GET or HEAD`, { headers: { Allow: 'GET, HEAD' } });
}
