/**
 * The longest delay a timer can wait, in ms (2^31−1, about 24.8 days). Node and browsers keep
 * timer delays in a signed 32-bit integer: a longer one is clamped to 1 ms (Node warns, browsers
 * do not), so a `requestTimeout` of 3e9 would give every request up at once.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/** Whether `value` is a number of ms a timer can wait for: above 0, up to {@link MAX_TIMER_MS}. */
export function isTimerMs(value: unknown): value is number {
  return typeof value === 'number' && value > 0 && value <= MAX_TIMER_MS;
}

/** What {@link isTimerMs} accepts, for `TypeError` messages. */
export const EXPECTED_TIMER_MS = `a positive number of ms, at most ${MAX_TIMER_MS} (2^31−1, the longest timer)`;
