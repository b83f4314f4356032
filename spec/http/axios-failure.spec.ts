import { AxiosError } from 'axios';
import { axiosFailure } from '../../lib/http/axios-failure';
import type { HttpRequest } from '../../lib/http/http';
import { ODataNetworkError } from '../../lib/errors/odata-network-error';
import { ODataProtocolError } from '../../lib/errors/odata-protocol-error';

const request: HttpRequest = { method: 'GET', url: 'https://host/odata/$monitor/1', headers: {} };

/** An AxiosError as axios builds it, for a request that went out (`request` set) or not. */
function axiosError(
  code: string | undefined,
  { sent = true, message = 'failed', cause }: { sent?: boolean; message?: string; cause?: Error } = {},
): AxiosError {
  const error = new AxiosError(message, code, undefined, sent ? {} : undefined);
  if (cause !== undefined) error.cause = cause;
  return error;
}

describe('axiosFailure: "no complete answer", not a list of codes', () => {
  it.each([
    ['a code no one has seen yet', axiosError('ERR_SOMETHING_NEW'), 'ERR_SOMETHING_NEW'],
    ['axios timeout (ECONNABORTED)', axiosError('ECONNABORTED'), 'ETIMEDOUT'],
    ['a body cut short by the server closing', axiosError('ERR_BAD_RESPONSE', { message: 'stream has been aborted' }), 'ECONNRESET'],
    [
      'a parse error of the head, code from its cause',
      axiosError('HPE_INVALID_HEADER_TOKEN', { cause: Object.assign(new Error('Parse Error'), { code: 'HPE_INVALID_HEADER_TOKEN' }) }),
      'HPE_INVALID_HEADER_TOKEN',
    ],
    [
      'a body that does not decode, Node code in the cause',
      axiosError('ERR_BAD_RESPONSE', { cause: Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR' }) }),
      'Z_DATA_ERROR',
    ],
    ['a browser network error', axiosError('ERR_NETWORK'), 'ERR_NETWORK'],
    ['no code at all', axiosError(undefined), undefined],
  ])('%s: ODataNetworkError with the AxiosError as cause', (_, error, code) => {
    const failure = axiosFailure(error, request, 1024);
    expect(failure).toBeInstanceOf(ODataNetworkError);
    expect(failure).toMatchObject({ method: 'GET', url: request.url, code, cause: error });
  });

  it('a body over maxResponseBytes is ODataProtocolError', () => {
    expect(axiosFailure(axiosError('ERR_BAD_RESPONSE', { message: 'maxContentLength size of 1024 exceeded' }), request, 1024)).toBeInstanceOf(
      ODataProtocolError,
    );
  });

  it.each([
    ['a bad option (never sent)', axiosError('ERR_BAD_OPTION_VALUE', { sent: false })],
    ['a bad option reported after the request object existed', axiosError('ERR_BAD_OPTION_VALUE')],
    ['an unsupported protocol', axiosError('ERR_NOT_SUPPORTED', { sent: false })],
    ['an AxiosError of a request that never went out', axiosError('ERR_SOMETHING', { sent: false })],
  ])("%s: passed on as it is (the caller's mistake, not worth a retry)", (_, error) => {
    expect(axiosFailure(error, request, 1024)).toBe(error);
  });

  it("passes an interceptor's own error, and anything that is not an AxiosError, as it is", () => {
    const own = new Error('session expired');
    expect(axiosFailure(own, request, 1024)).toBe(own);
    expect(axiosFailure('a string', request, 1024)).toBe('a string');
  });
});
