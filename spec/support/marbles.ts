import { catchError, map, type Observable, of, type OperatorFunction } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { AsyncOpUpdate } from '../../lib/lro/async-op-update';

/** A TestScheduler whose frames are ms and whose assertions are jest's deep equality. */
export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });
}

/**
 * Reduces a stream of updates to short strings (`Running/1`) and its error to a value
 * (`!AsyncOpTimeoutError`), so that marble expectations read like the rules they pin.
 */
export function summarize(describeError: (error: unknown) => string = errorName): OperatorFunction<AsyncOpUpdate, string> {
  return (source: Observable<AsyncOpUpdate>) =>
    source.pipe(
      map((update) => `${update.status}/${update.poll}`),
      catchError((error: unknown) => of(`!${describeError(error)}`)),
    );
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}
