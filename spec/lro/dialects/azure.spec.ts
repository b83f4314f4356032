/** The Azure dialect's readings as pure functions (the HTTP side is spec/integration/azure.spec.ts and its conformance table). */
import { azureDialect } from '../../../lib/lro/dialects/azure';
import type { FirstAnswer } from '../../../lib/lro/dialects/monitor-dialect';
import { response } from '../../support/scripted-transport';
import { interpretPollResponse } from '../support/interpret';

const URL = 'https://host/ops/1';
const ctx = { poll: 1, location: URL, nowMs: 0, maxRetryAfterMs: 300_000 };
const first = (method: string, status: number, body: unknown, headers: Record<string, string> = {}): FirstAnswer => ({
  method,
  url: 'https://host/r/1',
  status,
  headers,
  body,
});
const started = (mode: string) => ({ method: 'POST', url: 'https://host/r/1', mode });

describe('azureDialect', () => {
  it('a Location monitor whose 2xx body says Failed is Failed, and a text body is no success', () => {
    const start = azureDialect.start(first('POST', 202, undefined, { location: URL }), { url: 'https://host/r/1', statusMap: {} });
    expect(start).toMatchObject({ kind: 'poll', monitor: URL });
    const mode = start.kind === 'poll' ? (start.mode ?? '') : '';
    const read = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      azureDialect.read(
        { status, headers, text: typeof body === 'string' ? body : JSON.stringify(body), body: { value: body } },
        { url: URL, statusMap: {}, started: started(mode) },
      );
    expect(read(200, { status: 'Failed', error: { code: 'E', message: 'm' } })).toMatchObject({ kind: 'update', reading: { status: 'Failed' } });
    expect(read(200, 'Service down', { 'content-type': 'text/plain' })).toMatchObject({ kind: 'error' });
    expect(read(200, { id: 'r1' })).toMatchObject({ kind: 'update', reading: { status: 'Succeeded' } });
  });

  it('a resource polled on its own URL stays there: a monitor header on its answer is not followed', () => {
    const reading = azureDialect.read(
      { status: 200, headers: { 'azure-asyncoperation': 'https://host/ops/9' }, text: '', body: { value: { properties: { provisioningState: 'Updating' } } } },
      { url: 'https://host/r/1', statusMap: {}, started: started('resource') },
    );
    expect(reading).toStrictEqual({ kind: 'update', reading: expect.objectContaining({ status: 'Running' }) });
  });

  it('does not claim an OData entity whose provisioningState is null', () => {
    expect(azureDialect.recognizes(first('PUT', 200, { id: 1, provisioningState: null }))).toBe(false);
    expect(azureDialect.recognizes(first('PUT', 201, { properties: { provisioningState: 'Creating' } }))).toBe(true);
    expect(azureDialect.recognizes(first('PUT', 201, { properties: { provisioningState: 7 } }))).toBe(true);
  });

  it('reads status, then provisioningState, on a monitor given without its first answer', () => {
    expect(interpretPollResponse(response(200, { provisioningState: 'Deleting' }), ctx, azureDialect)).toMatchObject({ update: { status: 'Running' } });
    expect(interpretPollResponse(response(200, { status: 'Canceled' }), ctx, azureDialect)).toMatchObject({ update: { status: 'Cancelled' } });
  });
});
