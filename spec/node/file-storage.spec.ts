import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileStorage } from 'rxjs-odata-async/node';

describe('fileStorage (rxjs-odata-async/node)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tracker-files-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps one file per key, readable by the next process', () => {
    const storage = fileStorage(join(dir, 'jobs'));
    storage.setItem('rxjs-odata-async/tracker/op/1', '{"a":1}');
    storage.setItem('rxjs-odata-async/tracker/op/2', '{"b":2}');
    storage.setItem('rxjs-odata-async/tracker/op/1', '{"a":3}');
    storage.removeItem('rxjs-odata-async/tracker/op/2');
    storage.removeItem('never-there');
    expect(readdirSync(join(dir, 'jobs'))).toEqual(['rxjs-odata-async%2Ftracker%2Fop%2F1.json']);

    const again = fileStorage(join(dir, 'jobs'));
    expect([again.length, again.key(0), again.key(1), again.getItem('rxjs-odata-async/tracker/op/1'), again.getItem('x')]).toEqual([
      1,
      'rxjs-odata-async/tracker/op/1',
      null,
      '{"a":3}',
      null,
    ]);
  });

  it('writes through a temporary file renamed over the old one: no partial file, no leftover', () => {
    const storage = fileStorage(dir);
    const big = 'x'.repeat(1_000_000);
    storage.setItem('k', big);
    storage.setItem('k', 'small');
    expect(readdirSync(dir)).toEqual(['k.json']);
    expect(readFileSync(join(dir, 'k.json'), 'utf8')).toBe('small');
  });

  it('ignores leftovers of a killed writer and names it did not write', () => {
    writeFileSync(join(dir, 'k.json.123.1.tmp'), '{"half":');
    writeFileSync(join(dir, '%E0%A4%A.json'), 'bad escape');
    writeFileSync(join(dir, 'notes.txt'), 'not ours');
    writeFileSync(join(dir, 'k.json'), 'whole');
    const storage = fileStorage(dir);
    expect([storage.length, storage.key(0), storage.getItem('k')]).toEqual([1, 'k', 'whole']);
  });

  it('reads a file removed behind its back as missing', () => {
    const storage = fileStorage(dir);
    storage.setItem('k', 'v');
    rmSync(join(dir, 'k.json'));
    expect(storage.getItem('k')).toBeNull();
  });

  it('refuses an empty directory name', () => {
    expect(() => fileStorage('')).toThrow(new TypeError('fileStorage: directory must be a non-empty path'));
  });
});
