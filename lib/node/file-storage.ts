import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrackerStorage } from '../lro/tracker/tracker-storage.js';

const SUFFIX = '.json';
const TEMP = '.tmp';

/**
 * A {@link TrackerStorage} in a directory, for trackers in Node scripts and servers: one file
 * per key, so a damaged file costs one entry, never the others. Every write goes to a temporary
 * file that is then renamed over the old one: a process killed at any moment (SIGKILL, a crash)
 * leaves each file whole, the old version or the new. (A power loss may need the disk's own
 * journal: the files are not fsynced.) Leftover temporary files are ignored. One process should
 * write a directory at a time.
 *
 * @example
 * import { fileStorage } from 'rxjs-odata-async/node';
 * const tracker = createOperationTracker(client, { storage: fileStorage('.jobs') });
 *
 * @param directory Created (with its parents) when missing.
 */
export function fileStorage(directory: string): TrackerStorage {
  if (typeof directory !== 'string' || directory === '') throw new TypeError('fileStorage: directory must be a non-empty path');
  mkdirSync(directory, { recursive: true });
  // The keys, read once: this process is the directory's one writer.
  const keys = new Set(
    readdirSync(directory)
      .filter((name) => name.endsWith(SUFFIX))
      .map((name) => keyOfFile(name.slice(0, -SUFFIX.length)))
      .filter((key): key is string => key !== undefined),
  );
  let writes = 0;
  const pathOf = (key: string) => join(directory, encodeURIComponent(key) + SUFFIX);
  return {
    getItem(key) {
      if (!keys.has(key)) return null;
      try {
        return readFileSync(pathOf(key), 'utf8');
      } catch {
        // Removed behind our back: as if never there.
        return null;
      }
    },
    setItem(key, value) {
      const target = pathOf(key);
      writes += 1;
      const temp = `${target}.${process.pid}.${writes}${TEMP}`;
      writeFileSync(temp, value, 'utf8');
      renameSync(temp, target);
      keys.add(key);
    },
    removeItem(key) {
      rmSync(pathOf(key), { force: true });
      keys.delete(key);
    },
    key: (index) => [...keys][index] ?? null,
    get length() {
      return keys.size;
    },
  };
}

/** The key a file name stands for, or undefined for a name this storage did not write. */
function keyOfFile(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}
