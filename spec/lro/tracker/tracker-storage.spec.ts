import { guardedStorage, keysWithPrefix, memoryStorage, type TrackerStorage } from '../../../lib/lro/tracker/tracker-storage';
import { FakeStorage } from '../../support/fake-tabs';

describe('tracker storage', () => {
  it('memoryStorage is a Web Storage look-alike', () => {
    const storage = memoryStorage();
    storage.setItem('a', '1');
    storage.setItem('b', '2');
    storage.setItem('a', '3');
    storage.removeItem('b');
    storage.removeItem('missing');
    expect([storage.length, storage.key(0), storage.key(1), storage.getItem('a'), storage.getItem('b')]).toEqual([1, 'a', null, '3', null]);
  });

  it('keysWithPrefix lists only the keys under the prefix', () => {
    const storage = memoryStorage();
    for (const key of ['p/1', 'q/1', 'p/2', 'p']) storage.setItem(key, '');
    expect(keysWithPrefix(storage, 'p/')).toEqual(['p/1', 'p/2']);
  });

  it.each([
    ['getItem', (s: TrackerStorage): unknown => s.getItem('k')],
    [
      'setItem',
      (s: TrackerStorage): unknown => {
        s.setItem('k', 'v');
        return undefined;
      },
    ],
    [
      'removeItem',
      (s: TrackerStorage): unknown => {
        s.removeItem('k');
        return undefined;
      },
    ],
    ['key', (s: TrackerStorage): unknown => s.key(0)],
    ['length', (s: TrackerStorage): unknown => s.length],
  ])('guardedStorage: %s that throws switches to memory, once, and the call still answers', (_name, call) => {
    const inner = new FakeStorage();
    inner.items.set('k', 'stored');
    inner.failing = new Error('disabled');
    const failures: unknown[] = [];
    const storage = guardedStorage(inner, (error) => failures.push(error));
    expect(() => call(storage)).not.toThrow();
    storage.setItem('k', 'in memory');
    expect([storage.getItem('k'), storage.length, storage.key(0)]).toEqual(['in memory', 1, 'k']);
    storage.removeItem('k');
    expect(storage.length).toBe(0);
    expect(failures).toEqual([inner.failing]);
    expect(inner.items.get('k')).toBe('stored');
  });

  it('guardedStorage passes everything through while the storage works', () => {
    const inner = new FakeStorage();
    const storage = guardedStorage(inner, () => {
      throw new Error('no failure expected');
    });
    storage.setItem('k', 'v');
    expect([storage.getItem('k'), storage.length, storage.key(0), inner.items.get('k')]).toEqual(['v', 1, 'k', 'v']);
    storage.removeItem('k');
    expect(inner.items.size).toBe(0);
  });
});
