import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { ensureChromium, findChromium, systemHost, which, type ChromiumHost } from '../../scripts/chromium';

/**
 * A machine as the script sees it: executables at the given paths, root or not, and an apt-get
 * whose `install` puts `/usr/bin/chromium` in place (unless told to fail). Every command run is logged.
 */
function fakeHost(options: {
  readonly executables?: readonly string[];
  readonly path?: string;
  readonly chromiumPath?: string;
  readonly isRoot?: boolean;
  readonly aptFails?: 'update' | 'install';
  readonly installPutsNothing?: boolean;
}) {
  const executables = new Set(options.executables ?? []);
  const commands: string[] = [];
  const lines: string[] = [];
  const host: ChromiumHost = {
    path: options.path ?? ['/usr/local/bin', '/usr/bin', '/bin'].join(delimiter),
    chromiumPath: options.chromiumPath,
    isRoot: options.isRoot ?? false,
    isExecutable: (file) => executables.has(file),
    run: (command, args) => {
      commands.push([command, ...args].join(' '));
      if (options.aptFails === args[0]) return 100;
      if (args[0] === 'install' && options.installPutsNothing !== true) executables.add('/usr/bin/chromium');
      return 0;
    },
    log: (line) => lines.push(line),
  };
  return { host, commands, lines };
}

const DEBIAN_ROOT = { isRoot: true, executables: ['/usr/bin/apt-get'] } as const;

describe('scripts/chromium.ts', () => {
  describe('findChromium', () => {
    it("finds Debian's chromium on PATH", () => {
      expect(findChromium(fakeHost({ executables: ['/usr/bin/chromium'] }).host)).toBe('/usr/bin/chromium');
    });

    it('takes the first PATH entry that has it, and chromium before chromium-browser', () => {
      const { host } = fakeHost({ executables: ['/usr/bin/chromium', '/usr/local/bin/chromium', '/usr/local/bin/chromium-browser'] });
      expect(findChromium(host)).toBe('/usr/local/bin/chromium');
      expect(findChromium(fakeHost({ executables: ['/usr/bin/chromium-browser'] }).host)).toBe('/usr/bin/chromium-browser');
    });

    it('never picks a binary from the current directory (empty or relative PATH entries)', () => {
      const { host } = fakeHost({ path: ['', '.', 'bin', '/usr/bin'].join(delimiter), executables: ['chromium', 'bin/chromium'] });
      expect(findChromium(host)).toBeUndefined();
      expect(which('chromium', { path: undefined, isExecutable: () => true })).toBeUndefined();
    });

    it('prefers CHROMIUM_PATH, and refuses one that is not executable instead of silently using another', () => {
      const both = ['/usr/bin/chromium', '/opt/chrome/chrome'];
      expect(findChromium(fakeHost({ chromiumPath: '/opt/chrome/chrome', executables: both }).host)).toBe('/opt/chrome/chrome');
      expect(() => findChromium(fakeHost({ chromiumPath: '/opt/chrome/chrom', executables: both }).host)).toThrow(
        'CHROMIUM_PATH=/opt/chrome/chrom is not an executable file',
      );
      expect(findChromium(fakeHost({ chromiumPath: '', executables: both }).host)).toBe('/usr/bin/chromium');
    });
  });

  describe('ensureChromium', () => {
    it('installs nothing when Chromium is there, even as root', () => {
      const { host, commands } = fakeHost({ ...DEBIAN_ROOT, executables: ['/usr/bin/apt-get', '/usr/bin/chromium'] });
      expect(ensureChromium(host)).toEqual({ ok: true, executable: '/usr/bin/chromium' });
      expect(commands).toEqual([]);
    });

    it('as root on Debian without Chromium: apt-get update, then install -y chromium, then finds it', () => {
      const { host, commands, lines } = fakeHost(DEBIAN_ROOT);
      expect(ensureChromium(host)).toEqual({ ok: true, executable: '/usr/bin/chromium' });
      expect(commands).toEqual(['/usr/bin/apt-get update', '/usr/bin/apt-get install -y chromium']);
      expect(lines).toEqual([expect.stringContaining("installing Debian's chromium package")]);
    });

    it('not root: installs nothing and says what to install (exit 1 from the script)', () => {
      const { host, commands } = fakeHost({ isRoot: false, executables: ['/usr/bin/apt-get'] });
      const outcome = ensureChromium(host);
      expect(commands).toEqual([]);
      expect(outcome.ok).toBe(false);
      expect(outcome.ok ? '' : outcome.message).toMatch(/apt-get update && apt-get install -y chromium[\s\S]*CHROMIUM_PATH[\s\S]*not running as root/);
    });

    it('root without apt-get (not Debian): installs nothing and says what to install', () => {
      const { host, commands } = fakeHost({ isRoot: true });
      const outcome = ensureChromium(host);
      expect(commands).toEqual([]);
      expect(outcome.ok ? '' : outcome.message).toMatch(/Chromium was not found[\s\S]*apt-get is not on PATH/);
    });

    it.each([
      ['update', ['/usr/bin/apt-get update'], /apt-get update failed \(exit 100\)/],
      ['install', ['/usr/bin/apt-get update', '/usr/bin/apt-get install -y chromium'], /apt-get install -y chromium failed \(exit 100\)/],
    ] as const)('stops with a message when apt-get %s fails', (step, run, message) => {
      const { host, commands } = fakeHost({ ...DEBIAN_ROOT, aptFails: step });
      const outcome = ensureChromium(host);
      expect(commands).toEqual(run);
      expect(outcome.ok ? '' : outcome.message).toMatch(message);
    });

    it('says so when the package installed but no chromium appeared on PATH', () => {
      const outcome = ensureChromium(fakeHost({ ...DEBIAN_ROOT, installPutsNothing: true }).host);
      expect(outcome.ok ? '' : outcome.message).toMatch(/^apt-get installed chromium, but it is still not on PATH/);
    });

    it('reports a bad CHROMIUM_PATH instead of installing another browser', () => {
      const { host, commands } = fakeHost({ ...DEBIAN_ROOT, chromiumPath: '/nope' });
      expect(ensureChromium(host)).toEqual({ ok: false, message: 'CHROMIUM_PATH=/nope is not an executable file' });
      expect(commands).toEqual([]);
    });
  });

  describe('systemHost and npm run ensure-chromium, on real files', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'ensure-chromium-'));
      mkdirSync(join(dir, 'bin'));
      writeFileSync(join(dir, 'bin', 'chromium'), '#!/bin/sh\n');
      chmodSync(join(dir, 'bin', 'chromium'), 0o755);
      writeFileSync(join(dir, 'bin', 'chromium-browser'), 'not executable');
      mkdirSync(join(dir, 'bin', 'chromium-dir'));
    });
    afterAll(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('counts only executable regular files', () => {
      const host = systemHost({ PATH: join(dir, 'bin') });
      expect(host.isExecutable(join(dir, 'bin', 'chromium'))).toBe(true);
      expect(host.isExecutable(join(dir, 'bin', 'chromium-browser'))).toBe(false);
      expect(host.isExecutable(join(dir, 'bin', 'chromium-dir'))).toBe(false);
      expect(host.isExecutable(join(dir, 'bin', 'missing'))).toBe(false);
      expect(findChromium(host)).toBe(join(dir, 'bin', 'chromium'));
    });

    /** Runs the script as npm does (tsx), with the given environment. */
    const runScript = (env: NodeJS.ProcessEnv) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        const projectRoot = resolve(__dirname, '../..');
        const tsx = join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
        execFile(process.execPath, [tsx, 'scripts/ensure-chromium.ts'], { cwd: projectRoot, env, timeout: 60_000 }, (error, stdout, stderr) => {
          done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
        });
      });

    it('prints the Chromium it found, exit 0', async () => {
      const { code, stdout } = await runScript({ PATH: join(dir, 'bin'), CHROMIUM_PATH: '' });
      expect(stdout.trim()).toBe(`Chromium for the browser test: ${join(dir, 'bin', 'chromium')}`);
      expect(code).toBe(0);
    }, 60_000);

    it('exits 1 with what to install when there is none (and installs nothing: no apt-get on this PATH)', async () => {
      const { code, stderr } = await runScript({ PATH: join(dir, 'nothing-here') });
      expect(code).toBe(1);
      expect(stderr).toMatch(/^Chromium was not found[\s\S]*apt-get install -y chromium/);
    }, 60_000);
  });
});
