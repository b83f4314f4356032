import { isLeft } from '../http/either.js';
import type { HttpResponse } from '../http/http.js';
import { ODataHttpError } from '../errors/odata-http-error.js';
import { parseODataError } from './parse-odata-error.js';
import { readBody } from '../http/read-body.js';

/** An error answer as an `ODataHttpError`: its body parsed (the raw text when it is not JSON) and its OData error. */
export function responseError(response: HttpResponse, method: string, url: string, message?: string): ODataHttpError {
  const parsed = readBody(response);
  const body = isLeft(parsed) ? response.body : parsed.right;
  return new ODataHttpError({
    status: response.status,
    method,
    url,
    headers: response.headers,
    body,
    odataError: parseODataError(body),
    ...(message ? { message } : {}),
  });
}
