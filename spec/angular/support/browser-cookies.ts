import { HttpErrorResponse, HttpResponse, type HttpInterceptorFn } from '@angular/common/http';
import { tap } from 'rxjs';

/**
 * What a browser does for an app and Node's fetch does not: keep the cookies a service sets and
 * send them back (SAP binds its CSRF token to the session cookie). Name=value only, one origin:
 * enough for the embedded server.
 */
export function browserCookies(): HttpInterceptorFn {
  const jar = new Map<string, string>();
  const keep = (headers: HttpResponse<unknown>['headers']) => {
    for (const line of headers.getAll('set-cookie') ?? []) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  };
  return (request, next) => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    return next(cookie ? request.clone({ setHeaders: { Cookie: cookie } }) : request).pipe(
      tap({
        next: (event) => {
          if (event instanceof HttpResponse) keep(event.headers);
        },
        error: (error: unknown) => {
          if (error instanceof HttpErrorResponse) keep(error.headers);
        },
      }),
    );
  };
}
