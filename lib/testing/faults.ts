import type { ErrorReplyFactory } from './errors.js';
import { textReply, type HttpReply, type Reply } from './reply.js';
import type { Fault } from './scenario.js';

/** The truncated body of the `malformed-json` fault. */
export const MALFORMED_JSON_BODY = '{"status": "Runn';

/** The page a reverse proxy sends when the service behind it fails (`html-502`). */
export const PROXY_502_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** The page a single sign-on proxy sends, with 200, when the session has expired (`html-200`). */
export const LOGIN_PAGE =
  '<!DOCTYPE html>\n<html><head><title>Logon</title></head>\n<body><form method="post" action="/sap/public/bc/icf/logon"><input name="sap-user"><input name="sap-password" type="password"></form></body></html>\n';

/** `reset-mid-body`: a 200 head that promises 200 bytes, and the first of them; then the connection is reset. */
export const RESET_MID_BODY_BYTES = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"status": "Runn';

/** `malformed-head`: a header folded onto a second line (obsolete line folding, RFC 9112 §5.2), which clients refuse. */
export const MALFORMED_HEAD_BYTES =
  'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Note: the status\r\n  follows\r\nContent-Length: 21\r\nConnection: close\r\n\r\n{"status": "Running"}';

/** `undecodable-body`: what is sent with `Content-Encoding: gzip`; it is not gzip. */
export const UNDECODABLE_BODY = '{"status": "Running"}';

const DEFAULT_SLOW_MS = 500;

const FAULT_TEXT: Readonly<Record<string, { code: string; message: string }>> = {
  '500': { code: 'InternalServerError', message: 'Injected fault: internal server error' },
  '502': { code: 'BadGateway', message: 'Injected fault: bad gateway' },
  '503': { code: 'ServiceUnavailable', message: 'Injected fault: service unavailable' },
  '504': { code: 'GatewayTimeout', message: 'Injected fault: gateway timeout' },
  '408': { code: 'RequestTimeout', message: 'Injected fault: request timeout' },
  '429': { code: 'TooManyRequests', message: 'Injected fault: too many requests' },
};

/**
 * The answer of a faulted monitor request. `answer` is the normal answer; only `slow` uses it,
 * after its delay, so the operation advances only when the client actually gets an answer.
 */
export function faultReply(fault: Fault, errorReply: ErrorReplyFactory, answer: () => Reply): Reply {
  switch (fault.kind) {
    case 'reset':
      return { kind: 'reset', fault: 'reset' };
    case 'slow':
      return { kind: 'delay', ms: fault.delayMs ?? DEFAULT_SLOW_MS, then: answer, fault: 'slow' };
    case 'malformed-json':
      return { ...textReply(200, 'application/json', MALFORMED_JSON_BODY), fault: fault.kind };
    case 'html-502':
      return { ...textReply(502, 'text/html', PROXY_502_PAGE, { Server: 'nginx' }), fault: fault.kind };
    case 'html-200':
      return { ...textReply(200, 'text/html; charset=utf-8', LOGIN_PAGE), fault: fault.kind };
    case 'reset-mid-body':
      return { kind: 'raw', bytes: RESET_MID_BODY_BYTES, then: 'reset', fault: fault.kind };
    case 'malformed-head':
      return { kind: 'raw', bytes: MALFORMED_HEAD_BYTES, then: 'end', fault: fault.kind };
    case 'undecodable-body':
      return { ...textReply(200, 'application/json', UNDECODABLE_BODY, { 'Content-Encoding': 'gzip' }), fault: fault.kind };
    default:
      return { ...statusFault(fault, errorReply), fault: fault.kind };
  }
}

function statusFault(fault: Fault, errorReply: ErrorReplyFactory): HttpReply {
  const text = FAULT_TEXT[fault.kind] ?? { code: 'Fault', message: 'Injected fault' };
  const retryAfter = fault.retryAfter ?? (fault.kind === '429' ? 1 : undefined);
  const headers: Record<string, string> = retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) };
  return errorReply(Number(fault.kind), text.code, text.message, { headers });
}
