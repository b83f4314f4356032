import * as api from '../lib/index';
import { REAL_SERVER_TIMEOUT_MS } from './support/timeouts';

// Real HTTP on 127.0.0.1: slower, never wrong, on a busy machine (spec/support/timeouts.ts).
jest.setTimeout(REAL_SERVER_TIMEOUT_MS);

describe('the public barrel', () => {
  it('exports every name of the DESIGN.md contract', () => {
    for (const name of [
      'createODataClient',
      'asyncOp$',
      'createAsyncPoller',
      'AsyncOpStatus',
      'AsyncOpFailedError',
      'AsyncOpTimeoutError',
      'ODataHttpError',
      'ODataProtocolError',
      'LocationNotAllowedError',
      'edm',
    ]) {
      expect(api).toHaveProperty(name);
    }
  });

  it('offers AsyncOpStatus as values', () => {
    expect(api.AsyncOpStatus).toEqual({ Running: 'Running', Succeeded: 'Succeeded', Failed: 'Failed', Cancelled: 'Cancelled' });
  });

  it('does not pull in the testing server', () => {
    expect(Object.keys(api)).not.toContain('startMockODataServer');
  });

  it('does not pull in what only Node can run (the file storage is on rxjs-odata-async/node)', () => {
    expect(Object.keys(api)).not.toContain('fileStorage');
    expect(api).toHaveProperty('createOperationTracker');
  });
});
