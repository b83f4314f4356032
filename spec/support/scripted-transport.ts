import type { Observable } from 'rxjs';
import type { HttpRequest, HttpResponse, Transport } from '../../lib/http/http';

/** A reply the scripted transport gives to one request: built when the request arrives. */
export type Reply = (request: HttpRequest) => Observable<HttpResponse>;

/**
 * A transport that answers requests from a script, in order, and records every request it was
 * asked to send (at subscription, i.e. when it really goes out). Running out of script fails loudly.
 */
export function scriptedTransport(script: Reply[]): { transport: Transport; sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  const queue = [...script];
  const transport: Transport = (request) => {
    const reply = queue.shift();
    if (!reply) throw new Error(`unexpected request: ${request.method} ${request.url}`);
    sent.push(request);
    return reply(request);
  };
  return { transport, sent };
}

export function response(status: number, body: unknown = '', headers: Record<string, string> = {}): HttpResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const contentType: Record<string, string> = typeof body === 'string' || body === undefined ? {} : { 'content-type': 'application/json' };
  return { status, headers: { ...contentType, ...headers }, body: text };
}
