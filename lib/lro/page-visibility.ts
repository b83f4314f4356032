import { defer, distinctUntilChanged, fromEvent, map, type Observable, of, startWith } from 'rxjs';

/**
 * Whether the page is visible, now and on every change (`document.visibilityState`).
 * Where there is no document (Node, server-side rendering, workers) the page counts as visible.
 */
export function pageVisibility(): Observable<boolean> {
  return defer(() => {
    if (typeof document === 'undefined') return of(true);
    return fromEvent(document, 'visibilitychange').pipe(
      startWith(undefined),
      map(() => document.visibilityState !== 'hidden'),
      distinctUntilChanged(),
    );
  });
}
