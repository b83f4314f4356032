// In-process CPU profiling of one measured section (node:inspector), so that a profile holds the
// benchmark's work only, not start-up, transpiling or warm-up.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

function post(session: Session, method: string, params: Record<string, unknown> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    session.post(method, params, (error, result) => {
      if (error) reject(error);
      else resolve(result);
    });
  });
}

/** Runs `work` under the V8 sampling profiler and writes the profile (Chrome DevTools format) to `path`. */
export async function withCpuProfile<T>(path: string, work: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  try {
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
    await post(session, 'Profiler.start');
    const result = await work();
    const stopped = (await post(session, 'Profiler.stop')) as { profile: unknown };
    writeFileSync(path, JSON.stringify(stopped.profile));
    return result;
  } finally {
    session.disconnect();
  }
}
