// Heap per waiting subscription, one rxjs layer added at a time (bench/RESULTS.md, "Engine 2"):
//   node --expose-gc --import tsx bench/heap-layers.ts
import { asyncScheduler, concat, defer, EMPTY, of, repeat, switchMap, takeWhile, tap, timer, type Observable, type Subscription } from 'rxjs';
import { repeatStep } from '../lib/lro/repeat-step.js';
const N = 10000;
const gc = (globalThis as { gc?: () => void }).gc!;
function measure(name: string, make: (i: number) => Observable<unknown>) {
  const subs: Subscription[] = [];
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < N; i++) subs.push(make(i).subscribe());
  gc();
  gc();
  console.log(name, ((process.memoryUsage().heapUsed - before) / N / 1024).toFixed(2), 'KiB');
  for (const s of subs) s.unsubscribe();
}
measure('timer', () => timer(3.6e6));
measure('switchMap timer', (i) => of(i).pipe(switchMap(() => timer(3.6e6))));
measure('defer timer + switchMap', (i) => of(i).pipe(switchMap(() => defer(() => timer(3.6e6)).pipe(switchMap(() => EMPTY)))));
measure('+repeat+takeWhile', (i) =>
  of(i).pipe(
    switchMap(() =>
      defer(() => timer(3.6e6)).pipe(
        switchMap(() => EMPTY),
        repeat(30),
        takeWhile((value) => value !== undefined, true),
      ),
    ),
  ),
);
measure('+concat x2 + tap', (i) =>
  of(i).pipe(
    switchMap(() =>
      concat(
        concat(
          of(1),
          defer(() => timer(3.6e6)).pipe(
            switchMap(() => EMPTY),
            repeat(30),
            takeWhile((value) => value !== undefined, true),
          ),
        ).pipe(tap(() => undefined)),
        defer(() => EMPTY),
      ),
    ),
  ),
);
// The wait and repeat as the engine has it now: one hand-written operator, its config one object.
const loopConfig = {
  first: undefined,
  count: 30,
  scheduler: asyncScheduler,
  step: () => EMPTY,
  delay: () => 3.6e6,
  isLast: (value: unknown) => value === undefined,
  onValue: () => undefined,
  onComplete: () => undefined,
};
measure('repeatStep in switchMap', (i) => of(i).pipe(switchMap(() => repeatStep(loopConfig))));
