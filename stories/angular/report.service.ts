/**
 * The Angular story: a SAP Gateway sales report started from an Angular service, its live progress
 * shown by a component (report-progress.component.ts), the app wired in app.config.ts.
 * Run for real (Angular 20, HttpClient, the embedded OData server) by spec/angular/report-story.spec.ts;
 * the README's Angular snippet is the part between the `readme` markers, checked there too.
 */
import { DestroyRef, Injectable, InjectionToken, inject, signal, type Signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { Observable } from 'rxjs';
import { asyncOp$, isAsyncOpFailedError, type AsyncOpOptions, type AsyncOpStatus, type AsyncOpUpdate } from 'rxjs-odata-async';
import { ODATA_CLIENT } from 'rxjs-odata-async/angular';

/** How reports are polled. Provide another value to change it (the tests poll every few ms). */
export const REPORT_POLLING = new InjectionToken<AsyncOpOptions>('REPORT_POLLING', {
  providedIn: 'root',
  factory: () => ({ pollInterval: 2000, maxPolls: 100 }),
});

/** What a page shows of one report: the operation's status (or `Starting` / `Error`), its progress, the server's message. */
export interface ReportProgress {
  readonly status: 'Starting' | AsyncOpStatus | 'Error';
  readonly percent?: number | undefined;
  readonly message?: string;
}

// #region readme
@Injectable({ providedIn: 'root' })
export class ReportService {
  private readonly client = inject(ODATA_CLIENT);
  private readonly polling = inject(REPORT_POLLING);

  /** The sales report of `year`, cold: subscribing starts it; unsubscribing stops polling and aborts the request in flight. */
  generate(year: number): Observable<AsyncOpUpdate> {
    return this.client.action('SalesReportGenerate').parameter('Year', year).execute().pipe(asyncOp$(this.client, this.polling));
  }

  /** Runs the report while its owner (a component, a service) lives; its progress as a signal. */
  track(year: number, owner: DestroyRef = inject(DestroyRef)): Signal<ReportProgress> {
    const progress = signal<ReportProgress>({ status: 'Starting' });
    this.generate(year)
      .pipe(takeUntilDestroyed(owner)) // the owner destroyed: no more polls, the request in flight aborted
      .subscribe({
        next: (update) => {
          progress.set({ status: update.status, percent: update.percentComplete });
        },
        error: (error: unknown) => {
          progress.update((last) =>
            isAsyncOpFailedError(error)
              ? { ...last, message: error.odataError?.message ?? error.message } // status is already Failed
              : { ...last, status: 'Error', message: error instanceof Error ? error.message : String(error) },
          );
        },
      });
    return progress.asReadonly();
  }
}
// #endregion readme
