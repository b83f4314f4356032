import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const projectRoot = resolve(__dirname, '../..');
/** Loads the CommonJS scripts of scripts/size. */
const requireScript = createRequire(__filename);

interface SizeApp {
  layoutSizeApp(app: string): string;
  runSizeLimit(app: string, options?: { guardsOnly?: boolean }): Promise<{ stdout: string; stderr: string }>;
}

/** Size Limit's exit code and all it printed. */
async function sizeLimitIn(sizeApp: SizeApp, app: string, guardsOnly = false): Promise<{ code: number; output: string }> {
  const once = async (): Promise<{ code: number; output: string }> => {
    try {
      const { stdout, stderr } = await sizeApp.runSizeLimit(app, { guardsOnly });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
      return { code, output: stdout + stderr };
    }
  };
  const first = await once();
  // When one check fails, Size Limit removes every check's temporary directory while the other
  // builds may still write to theirs: on a busy machine its own ENOTEMPTY then hides the guard's
  // message. That race is Size Limit's; the run is repeated once.
  return /ENOTEMPTY/.test(first.output) ? once() : first;
}
interface EsmImports {
  peerCommonJsImports(dir: string): string[];
}

/** A fake rxjs-odata-async: `index.js` (the root) and `angular.js` (./angular), ES modules. */
function installFake(app: string, files: { index: string; angular: string }): void {
  const dir = join(app, 'node_modules/rxjs-odata-async');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'rxjs-odata-async', type: 'module', sideEffects: false, exports: { '.': './index.js', './angular': './angular.js' } }),
  );
  writeFileSync(join(dir, 'index.js'), files.index);
  writeFileSync(join(dir, 'angular.js'), files.angular);
}

const CLEAN = {
  index: 'export const asyncOp$ = () => 1;\nexport const createODataClient = () => 2;\n',
  angular: 'export const provideODataClient = () => 3;\n',
};

/**
 * `npm run size` (scripts/size.mjs): Size Limit's three apps and their guards, run here on fake
 * packages so that each guard is seen to fail; CI runs it on the packed package itself.
 */
describe('the size budgets and guards (scripts/size)', () => {
  let app: string;
  let sizeApp: SizeApp;

  beforeAll(() => {
    sizeApp = requireScript(join(projectRoot, 'scripts/size/size-app.cjs')) as SizeApp;
    // Inside the repository, so that Size Limit's plugins and the peers resolve from its node_modules.
    mkdirSync(join(projectRoot, '.tmp'), { recursive: true });
    app = sizeApp.layoutSizeApp(mkdtempSync(join(projectRoot, '.tmp/size-spec-')));
  });

  afterAll(() => {
    rmSync(app, { recursive: true, force: true });
  });

  it('passes a package within the budgets that ships none of the forbidden modules', async () => {
    installFake(app, CLEAN);
    const { code, output } = await sizeLimitIn(sizeApp, app);
    expect(output).toContain('Angular app');
    expect(output).toContain('Typical app');
    expect(output).toContain('asyncOp$ alone');
    expect(output).not.toMatch(/exceeded|GUARD/);
    expect(code).toBe(0);
  }, 60_000);

  it.each([
    [
      'the Node cookie jar, even lazily',
      { ...CLEAN, index: "export const asyncOp$ = () => import('tough-cookie');\nexport const createODataClient = 2;\n" },
      /GUARD \w+: .*tough-cookie/,
    ],
    [
      'axios in the Angular app',
      { ...CLEAN, angular: "import axios from 'axios';\nexport const provideODataClient = () => axios;\n" },
      /GUARD angular: .*axios/,
    ],
    [
      "a peer's CommonJS build",
      { ...CLEAN, index: "import { isLeft } from 'fp-ts/lib/Either.js';\nexport const asyncOp$ = isLeft;\nexport const createODataClient = 2;\n" },
      /GUARD \w+: .*fp-ts\/lib\/Either\.js/,
    ],
    [
      "the client's session in asyncOp$ alone",
      { ...CLEAN, index: "export { csrf as asyncOp$ } from './dist/esm/odata/csrf.js';\nexport const createODataClient = 2;\n" },
      /GUARD asyncOp: .*odata\/csrf\.js/,
    ],
  ])(
    'fails on %s',
    async (_what, files, message) => {
      installFake(app, files);
      mkdirSync(join(app, 'node_modules/rxjs-odata-async/dist/esm/odata'), { recursive: true });
      writeFileSync(join(app, 'node_modules/rxjs-odata-async/dist/esm/odata/csrf.js'), 'export const csrf = () => "token";\n');
      const { code, output } = await sizeLimitIn(sizeApp, app);
      expect(output).toMatch(message);
      expect(code).toBe(1);
    },
    60_000,
  );

  /** Text that gzip cannot shrink much: 12 KiB of hex from a simple generator, over the 7 KiB asyncOp$ budget. */
  const overBudget = () => {
    let seed = 1;
    const noise = Array.from({ length: 12 * 1024 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 16).toString(16)).join('');
    return `export const asyncOp$ = () => ${JSON.stringify(noise)};\nexport const createODataClient = 2;\n`;
  };

  it('fails a package over a budget', async () => {
    installFake(app, { ...CLEAN, index: overBudget() });
    const { code, output } = await sizeLimitIn(sizeApp, app);
    expect(output).toMatch(/asyncOp\$ alone[^\n]*\n\s*Package size limit has exceeded/);
    expect(code).toBe(1);
  }, 60_000);

  it('with --guards-only, passes a package over a budget and still fails on a guard', async () => {
    installFake(app, { ...CLEAN, index: overBudget() });
    await expect(sizeLimitIn(sizeApp, app, true)).resolves.toEqual({ code: 0, output: expect.not.stringMatching(/exceeded/) as unknown });
    installFake(app, { ...CLEAN, angular: "import axios from 'axios';\nexport const provideODataClient = () => axios;\n" });
    await expect(sizeLimitIn(sizeApp, app, true)).resolves.toMatchObject({ code: 1, output: expect.stringMatching(/GUARD angular: .*axios/) as unknown });
  }, 60_000);
});

describe('the ES module build imports no peer CommonJS file (scripts/size/esm-imports.cjs)', () => {
  let dir: string;
  let esm: EsmImports;

  beforeAll(() => {
    esm = requireScript(join(projectRoot, 'scripts/size/esm-imports.cjs')) as EsmImports;
  });

  beforeEach(() => {
    dir = mkdtempSync(join(projectRoot, '.tmp/esm-imports-'));
    mkdirSync(join(dir, 'lro'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(dir, 'index.js'), "import * as t from 'io-ts';\nexport { t };\n");
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds none in a build that imports the peers by name', () => {
    expect(esm.peerCommonJsImports(dir)).toEqual([]);
  });

  it.each([
    ["import { isLeft } from 'fp-ts/lib/Either.js';"],
    ["export { PathReporter } from 'io-ts/lib/PathReporter';"],
    ["const m = await import('fp-ts/lib/function.js');"],
  ])('finds %s in a nested module', (line) => {
    writeFileSync(join(dir, 'lro/a.js'), `${line}\n`);
    expect(esm.peerCommonJsImports(dir)).toEqual([expect.stringMatching(/^lro\/a\.js: (fp-ts|io-ts)\/lib\//)]);
  });
});
