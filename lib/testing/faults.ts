import type { ErrorReplyFactory } from './errors.js';
import { textReply, type HttpReply, type Reply } from './reply.js';
import type { Fault } from './scenario.js';

/** The truncated body of the `malformed-json` fault. */
export const MALFORMED_JSON_BODY = '{"status": "Runn';

/** The page a reverse proxy sends when the service behind it fails (`html-502`). */
export const PROXY_502_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

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
