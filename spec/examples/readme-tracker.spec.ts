import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';

const projectRoot = resolve(__dirname, '../..');
const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
const SECTION = '## Operations that outlive the page';

/** The ```ts blocks of the README section on the tracker, in order. */
function sectionBlocks(): string[] {
  const start = readme.indexOf(SECTION);
  const end = readme.indexOf('\n## ', start + SECTION.length);
  expect([start >= 0, end > start]).toEqual([true, true]);
  return [...readme.slice(start, end).matchAll(/```ts\n([\s\S]*?)\n```/g)].map((match) => match[1] ?? '');
}

/** Type-checks files as one user's project would (one program): the package's entries resolve to the sources, the peers to node_modules. */
function typeErrors(files: Record<string, string>): string[] {
  mkdirSync(join(projectRoot, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(projectRoot, '.tmp', 'readme-tracker-'));
  try {
    const paths = Object.entries(files).map(([name, text]) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    });
    const entry = (sub: string) => [join(projectRoot, 'lib', sub, 'index.ts')];
    const program = ts.createProgram(paths, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      skipLibCheck: true,
      paths: {
        'rxjs-odata-async': [join(projectRoot, 'lib/index.ts')],
        'rxjs-odata-async/node': entry('node'),
        'rxjs-odata-async/angular': entry('angular'),
      },
    });
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file !== undefined && paths.includes(d.file.fileName))
      .map((d) => `${d.file?.fileName.slice(dir.length + 1) ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('README: Operations that outlive the page', () => {
  it('has the picture the browser test makes', () => {
    expect(readme).toContain('![The dashboard just after a reload: every card kept, the running ones resumed](docs/dashboard-reload.png)');
  });

  it('its three snippets (browser, Node batch, Angular) type-check, and a wrong one would not', () => {
    const blocks = sectionBlocks();
    expect(blocks).toHaveLength(3);
    const [browser, batch, angular] = blocks.map((block) => `${block}\nexport {};\n`);
    expect(
      typeErrors({ 'browser.ts': browser ?? '', 'batch.ts': batch ?? '', 'angular.ts': angular ?? '', 'wrong.ts': "const n: number = 'x';\nexport {};\n" }),
    ).toEqual([expect.stringMatching(/^wrong\.ts: Type 'string' is not assignable to type 'number'/)]);
  }, 60_000);

  it('the Node snippet is what the batch story does', () => {
    const story = readFileSync(join(projectRoot, 'stories', 'batch', 'track-jobs.ts'), 'utf8');
    for (const line of ["import { fileStorage } from 'rxjs-odata-async/node';", 'storage: fileStorage(args.state),', 'meta: JobMeta,'])
      expect(story).toContain(line);
    expect(sectionBlocks()[1]).toContain('storage: fileStorage(');
  });
});
