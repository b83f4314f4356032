import fc from 'fast-check';
import {
  asyncScheduler,
  concat,
  defer,
  EMPTY,
  NEVER,
  Observable,
  of,
  queueScheduler,
  repeat,
  type SchedulerAction,
  type SchedulerLike,
  Subscription,
  switchMap,
  take,
  takeWhile,
  tap,
  timer,
} from 'rxjs';
import { repeatStep, type RepeatStepConfig } from '../../lib/lro/repeat-step';
import { testScheduler } from '../support/marbles';

/**
 * A loop over string values, on the scheduler TestScheduler.run() drives: values that start with
 * `L` are last, the wait is 3 frames, and the hooks do nothing unless a test says otherwise.
 */
function loop(config: Partial<RepeatStepConfig<string>> & Pick<RepeatStepConfig<string>, 'step'>): RepeatStepConfig<string> {
  return {
    first: undefined,
    count: Infinity,
    scheduler: asyncScheduler,
    delay: () => 3,
    isLast: (value) => value.startsWith('L'),
    onValue: () => undefined,
    onComplete: () => undefined,
    ...config,
  };
}

/** A step that hands out the given observables in turn (the last one again when they run out). */
function inTurn<T>(steps: readonly Observable<T>[]): () => Observable<T> {
  let n = 0;
  return () => steps[Math.min(n++, steps.length - 1)]!;
}

describe('repeatStep', () => {
  it('emits first at once, then subscribes a step after each wait, until a last value', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const steps = [cold('-a|'), cold('-b|'), cold('-L|')];
      expectObservable(repeatStep(loop({ first: 'f', step: inTurn(steps) }))).toBe('f---a----b----(L|)');
      expectSubscriptions(steps[0]!.subscriptions).toBe('---^-!');
      expectSubscriptions(steps[1]!.subscriptions).toBe('--------^-!');
      expectSubscriptions(steps[2]!.subscriptions).toBe('-------------^!');
    });
  });

  it('without first, the first step also comes after a wait', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(repeatStep(loop({ step: inTurn([cold('-a|'), cold('-L|')]) }))).toBe('----a----(L|)');
    });
  });

  it('a last value ends the loop at once and leaves its step', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const step = cold('-L--x|');
      expectObservable(repeatStep(loop({ first: 'f', step: () => step }))).toBe('f---(L|)');
      expectSubscriptions(step.subscriptions).toBe('---^!');
    });
  });

  it('a first value that is last ends the loop before any wait', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const step = cold('-a|');
      expectObservable(repeatStep(loop({ first: 'L0', step: () => step }))).toBe('(L|)', { L: 'L0' });
      expectSubscriptions(step.subscriptions).toBe([]);
    });
  });

  it('completes after count steps, and what onComplete throws is its error instead', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const step = () => cold('-a|');
      expectObservable(repeatStep(loop({ first: 'f', step, count: 2 }))).toBe('f---a----a|');
      const over = new Error('no last value');
      const onComplete = () => {
        throw over;
      };
      expectObservable(repeatStep(loop({ first: 'f', step, count: 2, onComplete }))).toBe('f---a----a#', undefined, over);
      expectObservable(repeatStep(loop({ first: 'L', step, count: 2, onComplete }))).toBe('(L#)', undefined, over);
      expectObservable(repeatStep(loop({ first: 'f', step, count: 0 }))).toBe('(f|)');
    });
  });

  it('asks the delay when each wait begins, and its error is the loop error', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const delays = [1, 5];
      const asked: number[] = [];
      const delay = () => {
        asked.push(asked.length);
        const ms = delays[asked.length - 1];
        if (ms === undefined) throw new Error('no more waiting');
        return ms;
      };
      expectObservable(repeatStep(loop({ first: 'f', step: () => cold('-a|'), delay }))).toBe('f-a------a#', undefined, new Error('no more waiting'));
    });
  });

  it('passes a step error on, and a step that throws is an error too', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(repeatStep(loop({ first: 'f', step: inTurn([cold('-a|'), cold('-#')]) }))).toBe('f---a----#');
      const broken = () => {
        throw new Error('step');
      };
      expectObservable(repeatStep(loop({ first: 'f', step: broken }))).toBe('f--#', undefined, new Error('step'));
    });
  });

  it('calls onValue with each value as it goes out', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const seen: string[] = [];
      const loop$ = repeatStep(loop({ first: 'f', step: inTurn([cold('-(ab)|'), cold('-L|')]), onValue: (value) => seen.push(value) }));
      expectObservable(loop$).toBe('f---(ab)----(L|)');
      flush();
      expect(seen).toEqual(['f', 'a', 'b', 'L']);
    });
  });

  it('unsubscribed during a wait: no step; during a step: the step is left', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const waiting = cold('-a|');
      expectObservable(repeatStep(loop({ first: 'f', step: () => waiting })), '--!').toBe('f-');
      expectSubscriptions(waiting.subscriptions).toBe([]);
      const running = cold('-----a|');
      expectObservable(repeatStep(loop({ first: 'f', step: () => running })), '-----!').toBe('f----');
      expectSubscriptions(running.subscriptions).toBe('---^-!');
    });
  });

  it('a step that ends at once keeps the next wait cancellable', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      let steps = 0;
      const step = () => {
        steps += 1;
        return of(`s${steps}`);
      };
      // The synchronous step ends inside its own subscribe: the wait it begins is what unsubscribing stops.
      expectObservable(repeatStep(loop({ first: 'f', step })), '----!').toBe('f--a', { f: 'f', a: 's1' });
      flush();
      expect(steps).toBe(1);
    });
  });

  it('a subscriber that leaves inside a synchronous step gets nothing more, and no wait begins', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      let steps = 0;
      const step = () => {
        steps += 1;
        return of('a', 'b');
      };
      expectObservable(repeatStep(loop({ first: 'f', step })).pipe(take(2))).toBe('f--(a|)');
      flush();
      expect(steps).toBe(1);
    });
    let subscribed = 0;
    const counted = defer(() => {
      subscribed += 1;
      return EMPTY;
    });
    repeatStep(loop({ first: 'f', step: () => counted }))
      .pipe(take(1))
      .subscribe();
    expect(subscribed).toBe(0);
  });

  it('on a scheduler that runs a 0 ms wait at once, unsubscribing still leaves the step in flight', () => {
    let left = 0;
    const step = () => new Observable<string>(() => () => void (left += 1));
    repeatStep(loop({ scheduler: queueScheduler, delay: () => 0, step }))
      .subscribe()
      .unsubscribe();
    expect(left).toBe(1);
  });

  it('on a scheduler that cannot take a wait back, no step runs after the subscriber left', () => {
    // Runs the wait at once and hands back a subscription that stops nothing.
    const pending: (() => void)[] = [];
    const stubborn: SchedulerLike = {
      now: () => 0,
      schedule: <S>(work: (this: SchedulerAction<S>, state?: S) => void, _delay?: number, state?: S) => {
        pending.push(() => {
          work.call(new Subscription() as SchedulerAction<S>, state);
        });
        return new Subscription();
      },
    };
    let steps = 0;
    const subscription = repeatStep(loop({ first: 'f', scheduler: stubborn, step: () => ((steps += 1), NEVER) })).subscribe();
    subscription.unsubscribe();
    for (const run of pending) run();
    expect(steps).toBe(0);
  });

  it('a subscriber that leaves at first (on a 0 ms synchronous wait) starts no step and no verdict', () => {
    let steps = 0;
    let verdicts = 0;
    const config = loop({
      first: 'f',
      scheduler: queueScheduler,
      delay: () => 0,
      step: () => ((steps += 1), of('a')),
      onComplete: () => void (verdicts += 1),
    });
    repeatStep(config).pipe(take(1)).subscribe();
    expect(steps).toBe(0);
    repeatStep({ ...config, first: 'L' })
      .pipe(take(1))
      .subscribe();
    expect(verdicts).toBe(0);
  });

  it("a hook's error during a step is the loop's error", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const broken = new Error('hook');
      const onValue = (value: string) => {
        if (value === 'a') throw broken;
      };
      expectObservable(repeatStep(loop({ first: 'f', step: () => cold('-a-b|'), onValue }))).toBe('f---#', undefined, broken);
      const isLast = (value: string) => {
        if (value === 'a') throw broken;
        return false;
      };
      // isLast is asked after the value went out.
      expectObservable(repeatStep(loop({ first: 'f', step: () => cold('-a-b|'), isLast }))).toBe('f---(a#)', undefined, broken);
    });
  });

  it('reads first and count again at each subscription', () => {
    const settings = { first: 'f', count: 0 };
    // Not through loop(): its spread would read the getters once, here.
    const loop$ = repeatStep({
      scheduler: queueScheduler,
      delay: () => 0,
      step: () => of('a'),
      isLast: () => false,
      onValue: () => undefined,
      onComplete: () => undefined,
      get first() {
        return settings.first;
      },
      get count() {
        return settings.count;
      },
    });
    const got: string[] = [];
    loop$.subscribe((value) => got.push(value));
    settings.first = 'g';
    settings.count = 1;
    loop$.subscribe((value) => got.push(value));
    expect(got).toEqual(['f', 'g', 'a']);
  });

  it('is the stream of its composed definition, for any steps, waits and count (property)', () => {
    // Each step: a few values (some last), then complete, after some frames or at once (-1).
    const stepScript = fc.record({ values: fc.array(fc.constantFrom('a', 'b', 'L'), { maxLength: 3 }), after: fc.integer({ min: -1, max: 3 }) });
    fc.assert(
      fc.property(
        fc.array(stepScript, { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 7 }),
        fc.option(fc.constantFrom('f', 'L'), { nil: undefined }),
        (scripts, waits, count, first) => {
          const run = (make: (config: RepeatStepConfig<string>) => Observable<string>) => {
            const got: string[] = [];
            testScheduler().run(({ flush }) => {
              let step = 0;
              let wait = 0;
              const config = loop({
                first,
                count,
                delay: () => waits[wait++ % waits.length]!,
                step: () => {
                  const { values, after } = scripts[step++ % scripts.length]!;
                  return after < 0 ? of(...values) : timer(after).pipe(switchMap(() => of(...values)));
                },
                onValue: (value) => got.push(`v:${value}`),
                onComplete: () => got.push('done'),
              });
              make(config).subscribe({
                next: (value) => got.push(`${asyncScheduler.now()}:${value}`),
                complete: () => got.push(`${asyncScheduler.now()}:|`),
              });
              flush();
            });
            return got;
          };
          // A wait, then a step; `count` times; first before them; up to the first last value.
          const composed = (config: RepeatStepConfig<string>) =>
            concat(
              config.first === undefined ? EMPTY : of(config.first),
              defer(() => timer(config.delay())).pipe(
                switchMap(() => config.step()),
                repeat(config.count),
              ),
            ).pipe(
              takeWhile((value) => !config.isLast(value), true),
              tap({
                next: (value) => {
                  config.onValue(value);
                },
                complete: () => {
                  config.onComplete();
                },
              }),
            );
          expect(run(repeatStep)).toEqual(run(composed));
        },
      ),
    );
  });
});
