/**
 * Finding (and on Debian as root, installing) the Chromium that the dashboard's browser test
 * drives. playwright-core downloads no browser: the test uses the system's Chromium, which CI and
 * a fresh Debian machine get from Debian's `chromium` package.
 *
 * Pure apart from the {@link ChromiumHost} it is given, so that its decisions are tested with a
 * fake PATH, a fake root and a fake apt-get (spec/scripts/chromium.spec.ts).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** The names Chromium has on PATH: Debian's package installs `chromium`, Ubuntu's snap wrapper and others `chromium-browser`. */
export const CHROMIUM_NAMES: readonly string[] = ['chromium', 'chromium-browser'];

/** The environment variable that names a Chromium binary explicitly (any OS, any location). */
export const CHROMIUM_PATH_VARIABLE = 'CHROMIUM_PATH';

/** What the search and the installation need from the machine; {@link systemHost} is the real one. */
export interface ChromiumHost {
  /** The `PATH` variable, entries separated by the platform's delimiter. */
  readonly path: string | undefined;
  /** The value of {@link CHROMIUM_PATH_VARIABLE}, when set. */
  readonly chromiumPath: string | undefined;
  /** Whether this process runs as root (uid 0), so that apt-get may install packages. */
  readonly isRoot: boolean;
  /** Whether `file` is an executable regular file. */
  isExecutable(file: string): boolean;
  /** Runs a command with its output on the terminal; returns its exit status (`null` when it could not start or was killed). */
  run(command: string, args: readonly string[]): number | null;
  /** Prints one line of progress or advice. */
  log(line: string): void;
}

/** The outcome of {@link ensureChromium}: the binary to launch, or what to tell the user. */
export type ChromiumOutcome = { readonly ok: true; readonly executable: string } | { readonly ok: false; readonly message: string };

/** The first executable named `name` on `path`, in PATH order. */
export function which(name: string, host: Pick<ChromiumHost, 'path' | 'isExecutable'>): string | undefined {
  for (const directory of (host.path ?? '').split(delimiter)) {
    // An empty PATH entry means the current directory: never a place to pick a browser from.
    if (directory === '' || !isAbsolute(directory)) continue;
    const candidate = join(directory, name);
    if (host.isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The Chromium to launch: {@link CHROMIUM_PATH_VARIABLE} when set (it must be executable: a
 * typo is an error, not a silent fall-back), else the first of {@link CHROMIUM_NAMES} on PATH.
 *
 * @return The absolute path, or `undefined` when there is none.
 * @throws Error when `CHROMIUM_PATH` names something that is not an executable file.
 */
export function findChromium(host: Pick<ChromiumHost, 'path' | 'chromiumPath' | 'isExecutable'>): string | undefined {
  const { chromiumPath } = host;
  if (chromiumPath !== undefined && chromiumPath !== '') {
    if (!host.isExecutable(chromiumPath)) throw new Error(`${CHROMIUM_PATH_VARIABLE}=${chromiumPath} is not an executable file`);
    return chromiumPath;
  }
  for (const name of CHROMIUM_NAMES) {
    const found = which(name, host);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** What to install, said the same way wherever Chromium is missing (this script, the browser test). */
export function missingChromiumAdvice(): string {
  return [
    `Chromium was not found (looked for ${CHROMIUM_NAMES.join(', ')} on PATH, and ${CHROMIUM_PATH_VARIABLE}).`,
    "The dashboard's browser test (spec/browser) drives the system's Chromium; no browser is downloaded.",
    'On Debian or Ubuntu, as root: apt-get update && apt-get install -y chromium',
    `Elsewhere: install Chromium, and set ${CHROMIUM_PATH_VARIABLE}=/path/to/chromium if it is not on PATH.`,
  ].join('\n');
}

/**
 * Finds Chromium, or installs Debian's `chromium` package when it is absent and this process is
 * root on a machine with apt-get (`apt-get update`, then `apt-get install -y chromium`). Anywhere
 * else it installs nothing and says what to install.
 */
export function ensureChromium(host: ChromiumHost): ChromiumOutcome {
  let found: string | undefined;
  try {
    found = findChromium(host);
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  if (found !== undefined) return { ok: true, executable: found };

  const aptGet = which('apt-get', host);
  if (!host.isRoot || aptGet === undefined) {
    const why = host.isRoot ? 'apt-get is not on PATH' : 'not running as root, so nothing is installed';
    return { ok: false, message: `${missingChromiumAdvice()}\n(${why})` };
  }
  host.log(`Chromium not found: installing Debian's chromium package (${aptGet} update, then install -y chromium)`);
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    const status = host.run(aptGet, args);
    if (status !== 0) {
      return { ok: false, message: `apt-get ${args.join(' ')} failed (exit ${String(status)})\n${missingChromiumAdvice()}` };
    }
  }
  const installed = findChromium(host);
  return installed === undefined
    ? { ok: false, message: `apt-get installed chromium, but it is still not on PATH\n${missingChromiumAdvice()}` }
    : { ok: true, executable: installed };
}

/** This machine: the real PATH, uid, file system and apt-get. */
export function systemHost(env: NodeJS.ProcessEnv = process.env): ChromiumHost {
  return {
    path: env['PATH'],
    chromiumPath: env[CHROMIUM_PATH_VARIABLE],
    isRoot: process.getuid?.() === 0,
    isExecutable: (file) => {
      try {
        accessSync(file, constants.X_OK);
        return statSync(file).isFile();
      } catch {
        return false;
      }
    },
    run: (command, args) =>
      // apt-get must not stop to ask a question: there is no one to answer it in CI.
      spawnSync(command, [...args], { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } }).status,
    log: (line) => {
      console.log(line);
    },
  };
}
