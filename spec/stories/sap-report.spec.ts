import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const projectRoot = resolve(__dirname, '../..');
const tsx = join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** Runs a story as `npm start` does (tsx), without a terminal: one line per update. */
function runStory(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [tsx, join('stories', file), ...args], { cwd: projectRoot, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('stories', () => {
  it('every top-level story is covered here', () => {
    const stories = readdirSync(join(projectRoot, 'stories')).filter((name) => name.endsWith('.ts'));
    expect(stories).toEqual(['sap-report.ts']);
  });
});

describe('npm start (stories/sap-report.ts)', () => {
  it('shows live updates and ends with the report, exit 0', async () => {
    const { code, stdout, stderr } = await runStory('sap-report.ts', ['--poll-interval', '5']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '[poll 0] Running',
        '[poll 1] Running 20%',
        '[poll 5] Running 100%',
        '[poll 6] Succeeded 100%',
        'Report ready: status=Succeeded',
      ]),
    );
    expect(stdout).toMatch(/"Year": 2024/);
    expect(stdout).toMatch(/"Total": "1234.50"/);
  }, 60_000);

  it('--fail ends with exit 1 and the server message', async () => {
    const { code, stdout, stderr } = await runStory('sap-report.ts', ['--fail', '--poll-interval', '5']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/\[poll \d\] Failed/);
    expect(stderr.trim()).toBe('Report failed: Report generation failed: no sales data for the year (REPORT_FAILED)');
  }, 60_000);

  it('--timeout ends with exit 1 and says it timed out after N polls', async () => {
    const { code, stderr } = await runStory('sap-report.ts', ['--timeout', '--poll-interval', '1', '--max-polls', '3']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Report timed out after 3 polls \(maxPolls 3\)/);
  }, 60_000);

  it('refuses bad arguments with the usage text, exit 2', async () => {
    const { code, stderr } = await runStory('sap-report.ts', ['--protocol', 'v3']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--protocol must be v2 or v4/);
    expect(stderr).toMatch(/Usage: npm start/);
  }, 60_000);

  it('--help says that Year=2024 is the default on the embedded server only, exit 0', async () => {
    const { code, stdout } = await runStory('sap-report.ts', ['--help']);
    expect(code).toBe(0);
    // --service sends no parameter unless --param gives one: the text must not promise Year=2024 there.
    expect(stdout).toMatch(/--param <Name=Value>.*\(default Year=2024\s+on the embedded server, none with --service\)/);
  }, 60_000);

  it('runs against a service given with --service (here: a second embedded server, v4)', async () => {
    const { startMockODataServer } = await import('../../lib/testing/index');
    const server = await startMockODataServer({ defaultScenario: { runningPolls: 1 } });
    try {
      const { code, stdout } = await runStory('sap-report.ts', [
        '--service',
        server.v4Root,
        '--protocol',
        'v4',
        '--param',
        'Year=2024',
        '--poll-interval',
        '5',
      ]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/Report ready: status=Succeeded/);
      expect(server.requests.filter((r) => r.url.endsWith('/SalesReportGenerate')).map((r) => r.method)).toEqual(['POST']);
    } finally {
      await server.close();
    }
  }, 60_000);
});
