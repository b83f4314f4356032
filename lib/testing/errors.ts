import { randomBytes } from 'node:crypto';
import { jsonReply, type HttpReply, type ReplyHeaders } from './reply.js';

/** Optional parts of an error body. */
export interface ErrorExtras {
  readonly target?: string;
  readonly headers?: ReplyHeaders;
}

/** The OData v4 JSON error body (`{"error":{"code","message","target","details"}}`). */
export function v4ErrorBody(code: string, message: string, target?: string): unknown {
  return { error: { code, message, ...(target !== undefined ? { target } : {}), details: [] } };
}

/** An OData v4 error answer. */
export function v4ErrorReply(status: number, code: string, message: string, extras: ErrorExtras = {}): HttpReply {
  return jsonReply(status, v4ErrorBody(code, message, extras.target), { 'OData-Version': '4.0', ...extras.headers });
}

/**
 * The SAP Gateway v2 error body: `message` is a `{lang, value}` object and the details sit in
 * `innererror.errordetails`, each `message` a plain string as Gateway sends it.
 */
export function sapErrorBody(code: string, message: string, target = ''): unknown {
  return {
    error: {
      code,
      message: { lang: 'en', value: message },
      innererror: {
        transactionid: randomBytes(16).toString('hex').toUpperCase(),
        timestamp: new Date().toISOString().replace(/\D/g, '').slice(0, 14),
        errordetails: [{ code, message, propertyref: '', severity: 'error', target }],
      },
    },
  };
}

/** A SAP Gateway v2 error answer. */
export function sapErrorReply(status: number, code: string, message: string, extras: ErrorExtras = {}): HttpReply {
  return jsonReply(status, sapErrorBody(code, message, extras.target), { DataServiceVersion: '1.0', ...extras.headers });
}

/** An Azure Resource Manager style error answer (`{"error":{"code","message"}}`). */
export function azureErrorReply(status: number, code: string, message: string, extras: ErrorExtras = {}): HttpReply {
  return jsonReply(status, { error: { code, message, ...(extras.target !== undefined ? { target: extras.target } : {}) } }, extras.headers);
}

/** Builds an error answer in one service's shape. */
export type ErrorReplyFactory = (status: number, code: string, message: string, extras?: ErrorExtras) => HttpReply;
