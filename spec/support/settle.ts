import type { Observable } from 'rxjs';

/** Everything a stream did: its values, and how it ended. */
export interface Settled<T> {
  readonly values: T[];
  readonly error: unknown;
  readonly completed: boolean;
}

/** Subscribes and resolves when the stream completes or errors (an error is a result, not a rejection). */
export function settle<T>(source: Observable<T>): Promise<Settled<T>> {
  return new Promise((resolve) => {
    const values: T[] = [];
    source.subscribe({
      next: (value) => values.push(value),
      error: (error: unknown) => {
        resolve({ values, error, completed: false });
      },
      complete: () => {
        resolve({ values, error: undefined, completed: true });
      },
    });
  });
}
