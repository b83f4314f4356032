import type { Operation, OperationState } from './operations.js';

/** What one status answer reports. */
export interface PollOutcome {
  readonly state: OperationState;
  /** Percent complete (0..100) when known. */
  readonly progress: number | undefined;
  /** The progress came from `scenario.progress` (v4 only shows progress then). */
  readonly explicitProgress: boolean;
}

/**
 * Advances an operation by one status answer: Running while the scenario says so (by the
 * number of Running answers, or by wall time with `runFor`), then its outcome for good.
 */
export function answerPoll(op: Operation, now: number): PollOutcome {
  if (op.state !== 'Running') {
    return { state: op.state, progress: op.state === 'Succeeded' ? 100 : op.lastProgress, explicitProgress: false };
  }
  const s = op.scenario;
  const elapsed = now - op.createdAt;
  const running = s.runFor !== undefined ? elapsed < s.runFor : op.runningAnswers < s.runningPolls;
  if (!running) {
    op.state = s.outcome;
    return { state: s.outcome, progress: s.outcome === 'Succeeded' ? 100 : op.lastProgress, explicitProgress: false };
  }
  const index = op.runningAnswers;
  op.runningAnswers += 1;
  const explicit = s.progress[Math.min(index, s.progress.length - 1)];
  const progress = explicit ?? estimate(op, index, elapsed);
  op.lastProgress = progress;
  return { state: 'Running', progress, explicitProgress: explicit !== undefined };
}

// A plausible, rising progress figure when the scenario does not give one.
function estimate(op: Operation, index: number, elapsed: number): number {
  const s = op.scenario;
  if (s.runFor !== undefined) return Math.min(99, Math.round((100 * elapsed) / Math.max(s.runFor, 1)));
  if (Number.isFinite(s.runningPolls)) return Math.round((100 * (index + 1)) / (s.runningPolls + 1));
  return Math.min(99, index + 1);
}
