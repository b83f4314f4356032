import type { CompletionForm } from './operations.js';

/** Whether an `Accept` header lists `application/http` (with a non-zero quality). */
function acceptsHttpMessages(accept: string): boolean {
  return accept.split(',').some((range) => {
    const [type = '', ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return type === 'application/http' && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * The v4 completion form of an operation, decided from the headers of the request that
 * started it (OData 4.01 §11.6, PROTOCOL items 4 and 5):
 * - `Accept` lists `application/http` → the 4.0 `application/http` envelope;
 * - `OData-MaxVersion: 4.0` and no `Accept` at all → the envelope;
 * - otherwise (4.01 clients, and 4.0 clients whose `Accept` lacks `application/http`,
 *   `*\/*` included) → 200 with an `AsyncResult` header.
 * A scenario may force either form.
 */
export function completionForm(setting: 'asyncresult' | 'envelope' | 'auto', headers: Readonly<Record<string, string>>): CompletionForm {
  if (setting !== 'auto') return setting;
  const accept = headers['accept'];
  if (accept !== undefined) return acceptsHttpMessages(accept) ? 'envelope' : 'asyncresult';
  return headers['odata-maxversion']?.trim() === '4.0' ? 'envelope' : 'asyncresult';
}

/** The `OData-Version` to answer with: 4.0 for a client that caps at 4.0, else 4.01. */
export function odataVersionFor(headers: Readonly<Record<string, string>>): string {
  return headers['odata-maxversion']?.trim() === '4.0' ? '4.0' : '4.01';
}
