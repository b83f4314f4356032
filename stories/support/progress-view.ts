import { SingleBar } from 'cli-progress';
import type { AsyncOpUpdate } from 'rxjs-odata-async';

/** Shows the updates of one operation: a live bar on a terminal, one line per update otherwise. */
export interface ProgressView {
  update(update: AsyncOpUpdate): void;
  stop(): void;
}

export function progressView(out: NodeJS.WriteStream): ProgressView {
  return out.isTTY ? barView(out) : lineView(out);
}

function lineView(out: NodeJS.WriteStream): ProgressView {
  return {
    update: (u) =>
      out.write(
        `[poll ${u.poll}] ${u.status}${u.percentComplete === undefined ? '' : ` ${u.percentComplete}%`}${u.rawStatus && u.rawStatus !== u.status ? ` (${u.rawStatus})` : ''}\n`,
      ),
    stop: () => undefined,
  };
}

function barView(out: NodeJS.WriteStream): ProgressView {
  const bar = new SingleBar({ stream: out, format: ' {bar} {percentage}% | {status} | poll {poll}', hideCursor: true, clearOnComplete: false });
  let started = false;
  return {
    update: (u) => {
      const payload = { status: u.status, poll: u.poll };
      if (!started) {
        bar.start(100, 0, payload);
        started = true;
      }
      // Servers that report no progress still move the bar to 100 % when they are done.
      bar.update(u.percentComplete ?? (u.status === 'Succeeded' ? 100 : 0), payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
