import type { FaultKind } from './scenario.js';

/** One header value, or several for headers that repeat (`Set-Cookie`). */
export type HeaderValue = string | readonly string[];

/** Response headers as the handlers build them (any case; Node sends them as given). */
export type ReplyHeaders = Readonly<Record<string, HeaderValue>>;

/** An ordinary HTTP answer. */
export interface HttpReply {
  readonly kind: 'http';
  readonly status: number;
  readonly headers: ReplyHeaders;
  readonly body?: string;
  /** Set when the answer is an injected fault, so the request log can say so. */
  readonly fault?: FaultKind;
}

/** Destroy the socket without answering (a connection reset as the client sees it). */
export interface ResetReply {
  readonly kind: 'reset';
  readonly fault: FaultKind;
}

/**
 * Raw bytes on the socket instead of an answer Node's HTTP writer would send (a head it would
 * refuse to write, a body cut short), then the socket is closed (`end`) or reset (`reset`).
 */
export interface RawReply {
  readonly kind: 'raw';
  /** Written as latin1, byte for byte. */
  readonly bytes: string;
  readonly then: 'end' | 'reset';
  readonly fault: FaultKind;
}

/**
 * Answer later. `then` is evaluated only when the delay is over and the client is still there,
 * so an operation does not advance for an answer nobody receives.
 */
export interface DelayedReply {
  readonly kind: 'delay';
  readonly ms: number;
  readonly then: () => Reply;
  readonly fault?: FaultKind;
}

/**
 * What a handler asks the server to do. Handlers return a description instead of writing to
 * the socket themselves: they stay synchronous and testable, and one place owns the socket.
 */
export type Reply = HttpReply | ResetReply | RawReply | DelayedReply;

/** A JSON answer. */
export function jsonReply(status: number, body: unknown, headers: ReplyHeaders = {}): HttpReply {
  return {
    kind: 'http',
    status,
    headers: { 'Content-Type': 'application/json;charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** A text answer with the given media type. */
export function textReply(status: number, contentType: string, body: string, headers: ReplyHeaders = {}): HttpReply {
  return { kind: 'http', status, headers: { 'Content-Type': contentType, ...headers }, body };
}

/** An answer without a body (204, 301, 202 without content). */
export function emptyReply(status: number, headers: ReplyHeaders = {}): HttpReply {
  return { kind: 'http', status, headers };
}

/** The same answer with more headers (later ones win). */
export function withHeaders(reply: HttpReply, headers: ReplyHeaders): HttpReply {
  return { ...reply, headers: { ...reply.headers, ...headers } };
}
