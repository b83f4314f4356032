import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';

const projectRoot = resolve(__dirname, '../..');
const read = (file: string) => readFileSync(join(projectRoot, file), 'utf8');

/** The commands of the README's first ```sh block (above the first heading), comments dropped. */
function topCommands(): string[] {
  const top = read('README.md').split('\n## ')[0] ?? '';
  const block = /```sh\n([\s\S]*?)\n```/.exec(top)?.[1] ?? '';
  return block.split('\n').map((line) => (line.split(' #', 1)[0] ?? '').trim());
}

const scripts = (): Record<string, string> => {
  const pkg: unknown = JSON.parse(read('package.json'));
  const found = typeof pkg === 'object' && pkg !== null && 'scripts' in pkg ? pkg.scripts : {};
  return Object.fromEntries(Object.entries(found ?? {}).map(([name, command]) => [name, String(command)]));
};

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const run = (file: string, args: readonly string[], env: NodeJS.ProcessEnv) =>
  new Promise<Run>((done) => {
    execFile(file, [...args], { cwd: projectRoot, env, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });

describe("the README's two commands (a fresh clone: install, then run)", () => {
  it('the first installs, then runs the story; the second installs, finds or installs Chromium, then runs the suite', () => {
    expect(topCommands()).toEqual(['npm ci && npm start', 'npm ci && npm run ensure-chromium && npm test']);
  });

  it('every npm script they name exists, and start and test stop with advice when nothing is installed', () => {
    const all = scripts();
    expect(all['ensure-chromium']).toBe('tsx scripts/ensure-chromium.ts');
    expect(all['start']).toBeDefined();
    expect(all['test']).toBeDefined();
    expect(all['prestart']).toBe('node scripts/check-install.mjs');
    expect(all['pretest']).toBe('node scripts/check-install.mjs');
  });

  it('.ci/run runs exactly the README test command, and stops when it fails', () => {
    const testCommand = topCommands()[1] ?? '';
    const npmLines = read('.ci/run')
      .split('\n')
      .filter((line) => /^\s*npm (?:ci|test|run ensure-chromium)\b/.test(line));
    // `|| exit`: under `set -e` a failure inside an && list would not stop the script otherwise.
    expect(npmLines).toEqual([`${testCommand} || exit`]);
  });

  describe('.ci/run with a fake npm (what it calls, in order)', () => {
    let dir: string;
    let calls: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'ci-run-'));
      mkdirSync(join(dir, 'bin'));
      calls = join(dir, 'calls');
      // Records each call; fails the one named by FAIL_NPM (e.g. "ci").
      writeFileSync(join(dir, 'bin', 'npm'), `#!/bin/sh\necho "$*" >> "${calls}"\n[ "$*" = "$FAIL_NPM" ] && exit 7\nexit 0\n`);
      chmodSync(join(dir, 'bin', 'npm'), 0o755);
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    const ciRun = async (failNpm: string) => {
      writeFileSync(calls, '');
      const PATH = [join(dir, 'bin'), dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter);
      const result = await run(join(projectRoot, '.ci', 'run'), [], { PATH, FAIL_NPM: failNpm });
      return { ...result, calls: readFileSync(calls, 'utf8').trim().split('\n') };
    };

    it('runs the README command, then the package, lint, size and docs checks', async () => {
      const { code, calls: made } = await ciRun('');
      expect(made).toEqual(['ci', 'run ensure-chromium', 'test', 'run check:package', 'run lint', 'run size -- --guards-only', 'run docs']);
      expect(code).toBe(0);
    }, 60_000);

    it.each([
      ['ci', ['ci']],
      ['run ensure-chromium', ['ci', 'run ensure-chromium']],
      ['test', ['ci', 'run ensure-chromium', 'test']],
    ])(
      'stops with a failure when npm %s fails',
      async (step, made) => {
        const result = await ciRun(step);
        expect(result.calls).toEqual(made);
        expect(result.code).toBe(7);
      },
      60_000,
    );
  });

  describe('scripts/check-install.mjs (prestart, pretest)', () => {
    it('passes here, where the dependencies are installed', async () => {
      const result = await run(process.execPath, ['scripts/check-install.mjs'], {});
      expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    }, 60_000);

    it('right after a clone (no node_modules): exit 1, and says to run npm ci instead of "tsx: not found"', async () => {
      const clone = mkdtempSync(join(tmpdir(), 'fresh-clone-'));
      try {
        writeFileSync(join(clone, 'package.json'), read('package.json'));
        const result = await run(process.execPath, ['scripts/check-install.mjs', clone], {});
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^The dependencies are not installed \(missing: \S.*\)\.\nInstall them from the lockfile first: npm ci /);
      } finally {
        rmSync(clone, { recursive: true, force: true });
      }
    }, 60_000);
  });
});
