import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const projectRoot = resolve(__dirname, '../..');
const checkSize = (...args: string[]) => run(process.execPath, ['scripts/check-size.mjs', ...args], { cwd: projectRoot });

interface Measured {
  readonly root: { readonly gzip: number };
  readonly asyncOp: { readonly gzip: number };
}

/** The size guard CI runs (`npm run size:ceiling`): it must pass today and fail on growth. */
describe('scripts/check-size.mjs --ceiling', () => {
  let dir: string;
  let measured: Measured;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'size-ceiling-'));
    // --json exits 1 as long as the bundles are over the 6 KB / 3 KB budgets; the figures are printed either way.
    const { stdout } = await checkSize('--json').catch((failed: unknown) => failed as { stdout: string });
    measured = JSON.parse(stdout) as Measured;
  }, 60_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const ceilingFile = (ceilings: object) => {
    const file = join(dir, `${Object.values(ceilings).join('-')}.json`);
    writeFileSync(file, JSON.stringify(ceilings));
    return file;
  };

  it('passes with the ceilings kept in the repository', async () => {
    const { stdout } = await checkSize('--ceiling');
    expect(stdout).toMatch(/root entry .* ok\n.*asyncOp\$ alone .* ok/);
  }, 60_000);

  it.each(['root', 'asyncOp'] as const)(
    'fails when %s outgrows its ceiling by one byte',
    async (entry) => {
      const ceilings = { root: measured.root.gzip, asyncOp: measured.asyncOp.gzip, [entry]: measured[entry].gzip - 1 };
      const failure = checkSize('--ceiling', ceilingFile(ceilings));
      await expect(failure).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('GREW PAST THE CEILING') });
    },
    60_000,
  );

  it('passes at exactly the measured size', async () => {
    await expect(checkSize('--ceiling', ceilingFile({ root: measured.root.gzip, asyncOp: measured.asyncOp.gzip }))).resolves.toBeDefined();
  }, 60_000);

  it('refuses a ceiling file that misses an entry', async () => {
    await expect(checkSize('--ceiling', ceilingFile({ root: 1 }))).rejects.toMatchObject({
      stderr: expect.stringContaining('"asyncOp" must be a positive number of bytes'),
    });
  }, 60_000);
});
