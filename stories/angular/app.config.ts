import { provideHttpClient, withFetch, withInterceptors, type HttpInterceptorFn } from '@angular/common/http';
import { InjectionToken, inject, provideZonelessChangeDetection, type ApplicationConfig } from '@angular/core';
import { provideODataClient } from 'rxjs-odata-async/angular';

/** The signed-in user's access token, read for every request (your auth library knows it). */
export const ACCESS_TOKEN = new InjectionToken<() => string>('ACCESS_TOKEN');

/** Stands in for your auth interceptor: the OData client's calls, CSRF token fetches and status polls all pass through it. */
export const authInterceptor: HttpInterceptorFn = (request, next) => next(request.clone({ setHeaders: { Authorization: `Bearer ${inject(ACCESS_TOKEN)()}` } }));

/** Where the app runs and who it runs for. */
export interface ReportAppOptions {
  /** The SAP Gateway service, e.g. `https://host/sap/opu/odata/sap/ZSALES_SRV/`. */
  readonly serviceRoot: string;
  readonly accessToken: () => string;
  /** More interceptors (logging, …); they run before the auth one. */
  readonly interceptors?: readonly HttpInterceptorFn[];
}

/**
 * The providers of the report app:
 * `bootstrapApplication(ReportProgressComponent, reportAppConfig({ serviceRoot, accessToken: () => auth.token }))`.
 */
// #region readme
export function reportAppConfig({ serviceRoot, accessToken, interceptors = [] }: ReportAppOptions): ApplicationConfig {
  return {
    providers: [
      provideZonelessChangeDetection(),
      provideHttpClient(withFetch(), withInterceptors([...interceptors, authInterceptor])),
      provideODataClient({ serviceRoot, protocol: 'v2' }), // every call and poll goes through HttpClient
      { provide: ACCESS_TOKEN, useValue: accessToken },
    ],
  };
}
// #endregion readme
