import { Observable, type SchedulerAction, type SchedulerLike, type Subscriber, type Subscription, type Unsubscribable } from 'rxjs';

/** What {@link repeatStep} repeats, how often, when it stops, and what it tells on the way. */
export interface RepeatStepConfig<T> {
  /** Emitted at once, before the first wait (when given); read at each subscription, like `count`. */
  readonly first: T | undefined;
  /** Steps in all; `Infinity` for no limit. Without a last value the loop completes after them. */
  readonly count: number;
  /** The clock the waits run on. */
  readonly scheduler: SchedulerLike;
  /** One step (a status request, say): subscribed after each wait, never two at once. */
  step(): Observable<T>;
  /** The wait before each step, in the scheduler's ms, asked when the wait begins; what it throws is the loop's error. */
  delay(): number;
  /** A value after which nothing follows: it is emitted and the loop completes, leaving its step. */
  isLast(value: T): boolean;
  /** Called with each value as it is emitted. */
  onValue(value: T): void;
  /** Called as the loop completes (a last value, or `count` steps); what it throws is the loop's error instead. */
  onComplete(): void;
}

/**
 * `first`, then `step()` after each wait, `count` times, until a value `isLast`:
 *
 * ```
 * repeatStep:  f--s1--s2--l|     f: first, s: a step's values, l: a last value
 * ```
 *
 * The stream of `concat(of(first), defer(step).pipe(repeat({ count, delay })))` piped through
 * `takeWhile(v => !isLast(v), true)` and `tap({ next: onValue, complete: onComplete })`, written
 * by hand because a waiting loop is then one object and one scheduled action: 10,000 operations
 * may wait at once in one dashboard, and the composed form kept six subscribers and their
 * closures alive for each (heap per waiting operation: bench/RESULTS.md, "Engine 2").
 */
export function repeatStep<T>(config: RepeatStepConfig<T>): Observable<T> {
  return new Observable<T>((subscriber) => new StepLoop(config, subscriber).start());
}

class StepLoop<T> implements Unsubscribable {
  private left: number;
  /** The wait or the step under way: what unsubscribing stops. */
  private current: Subscription | undefined;

  constructor(
    private readonly config: RepeatStepConfig<T>,
    private readonly subscriber: Subscriber<T>,
  ) {
    this.left = config.count;
  }

  start(): this {
    const { first } = this.config;
    if (first === undefined || !this.emit(first)) this.wait();
    return this;
  }

  unsubscribe(): void {
    this.current?.unsubscribe();
  }

  /** Emits `value`; true when the loop is over (it was the last, or the subscriber left). A hook's error is the loop's. */
  private emit(value: T): boolean {
    if (this.subscriber.closed) return true;
    try {
      this.config.onValue(value);
      this.subscriber.next(value);
      if (this.config.isLast(value)) this.complete();
    } catch (error) {
      this.subscriber.error(error);
    }
    return this.subscriber.closed;
  }

  private wait(): void {
    this.current = undefined;
    try {
      if (this.left-- <= 0) {
        this.complete();
        return;
      }
      const action = this.config.scheduler.schedule(runStep, this.config.delay(), this);
      // A scheduler that ran the step at once (queueScheduler at 0 ms) has set what to stop.
      this.current ??= action;
    } catch (error) {
      this.subscriber.error(error);
    }
  }

  run(): void {
    // A scheduler that cannot take its action back still calls it after the subscriber left.
    if (this.subscriber.closed) return;
    let over = false;
    try {
      const subscription = this.config.step().subscribe({
        next: (value) => {
          over ||= this.emit(value);
        },
        error: (error: unknown) => {
          this.subscriber.error(error);
        },
        complete: () => {
          if (over) return;
          over = true;
          this.wait();
        },
      });
      // A step that ended at once has already begun the next wait (or ended the loop).
      if (over || this.subscriber.closed) subscription.unsubscribe();
      else this.current = subscription;
    } catch (error) {
      this.subscriber.error(error);
    }
  }

  private complete(): void {
    if (this.subscriber.closed) return;
    this.config.onComplete();
    this.subscriber.complete();
  }
}

/** The scheduled work of a wait: the loop's next step. */
function runStep<T>(this: SchedulerAction<StepLoop<T>>, loop?: StepLoop<T>): void {
  loop?.run();
}
