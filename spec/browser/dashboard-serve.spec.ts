/** `npm run story:dashboard`: serves the page for a person, prints the URL, stops cleanly on a signal. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const projectRoot = resolve(__dirname, '../..');
const tsx = join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

describe('npm run story:dashboard (stories/dashboard/serve.ts)', () => {
  it('is the package script', () => {
    const pkg: unknown = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ scripts: { 'story:dashboard': 'tsx stories/dashboard/serve.ts' } });
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'prints the URL, serves the page and its bundle, and closes on %s',
    async (signal) => {
      const child = spawn(process.execPath, [tsx, join('stories', 'dashboard', 'serve.ts'), '--port', '0'], {
        cwd: projectRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((done) => {
        child.on('exit', (code) => {
          done(code);
        });
      });
      try {
        const url = await new Promise<string>((done, fail) => {
          const timer = setTimeout(() => {
            fail(new Error(`no URL printed within 20 s; stdout: ${stdout}; stderr: ${stderr}`));
          }, 20_000);
          child.stdout.on('data', () => {
            const match = /^Dashboard: (http:\/\/127\.0\.0\.1:\d+\/dashboard\/)$/m.exec(stdout);
            if (match?.[1] === undefined) return;
            clearTimeout(timer);
            done(match[1]);
          });
        });
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toBe('text/html;charset=utf-8');
        expect(await page.text()).toContain('<script type="module" src="dashboard.js"></script>');
        const bundle = await fetch(new URL('dashboard.js', url));
        expect(bundle.headers.get('content-type')).toBe('text/javascript;charset=utf-8');
        expect(await bundle.text()).toContain('SalesReportGenerate');
      } finally {
        child.kill(signal);
      }
      expect(await exited).toBe(0);
      expect(stdout).toContain(`${signal}: closing the server`);
      expect(stderr).toBe('');
    },
    30_000,
  );
});
