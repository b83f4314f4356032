/**
 * Where a tracker keeps its operations: the part of the Web Storage interface it uses, so that
 * `localStorage` and `sessionStorage` fit as they are, and a file-backed one in Node
 * (`fileStorage` from `rxjs-odata-async/node`). Calls are synchronous; any of them may throw
 * (a full or disabled storage): the tracker then goes on in memory and says so once.
 */
export interface TrackerStorage {
  /** The value stored under `key`, or `null`. */
  getItem(key: string): string | null;
  /** Stores `value` under `key`, replacing what was there. */
  setItem(key: string, value: string): void;
  /** Removes `key`; nothing happens when it is not there. */
  removeItem(key: string): void;
  /** The key at `index` (0-based, in any order), or `null` past the end: how the tracker finds its entries. */
  key(index: number): string | null;
  /** How many keys there are. */
  readonly length: number;
}

/**
 * A storage that lives as long as the tracker: the default, and what a tracker falls back to
 * when its storage throws.
 */
export function memoryStorage(): TrackerStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
    removeItem: (key) => {
      items.delete(key);
    },
    key: (index) => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
  };
}

/** The keys of `storage` that start with `prefix`, read before any is changed. */
export function keysWithPrefix(storage: TrackerStorage, prefix: string): string[] {
  const keys: string[] = [];
  const count = storage.length;
  for (let i = 0; i < count; i++) {
    const key = storage.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  return keys;
}

/**
 * `storage`, or memory once it has thrown: the first failure is reported through `onFailure`
 * (once), what this tracker writes afterwards stays in memory, and reads fall back to memory too.
 * An app whose storage is full keeps tracking; it only loses the survival of a reload.
 */
export function guardedStorage(storage: TrackerStorage, onFailure: (error: unknown) => void): TrackerStorage {
  let active = storage;
  const fallback = memoryStorage();
  const guard = <T>(use: (target: TrackerStorage) => T, retry: () => T): T => {
    if (active === fallback) return use(fallback);
    try {
      return use(active);
    } catch (error) {
      active = fallback;
      onFailure(error);
      return retry();
    }
  };
  return {
    getItem: (key) =>
      guard(
        (target) => target.getItem(key),
        () => fallback.getItem(key),
      ),
    setItem: (key, value) => {
      guard(
        (target) => {
          target.setItem(key, value);
        },
        () => {
          fallback.setItem(key, value);
        },
      );
    },
    removeItem: (key) => {
      guard(
        (target) => {
          target.removeItem(key);
        },
        () => {
          fallback.removeItem(key);
        },
      );
    },
    key: (index) =>
      guard(
        (target) => target.key(index),
        () => fallback.key(index),
      ),
    get length() {
      return guard(
        (target) => target.length,
        () => fallback.length,
      );
    },
  };
}
