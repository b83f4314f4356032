import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';

const projectRoot = resolve(__dirname, '../..');
const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');

/** The ```ts blocks of the README between two headings, in order. */
function blocksBetween(from: string, to: string): string[] {
  const start = readme.indexOf(from);
  const end = readme.indexOf(to, start + from.length);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return [...readme.slice(start, end).matchAll(/```ts\n([\s\S]*?)\n```/g)].map((match) => match[1] ?? '');
}

/** Type-checks files as a user's project would (the package name resolves to the sources). */
function typeErrors(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'readme-snippets-'));
  try {
    const names = Object.entries(files).map(([name, text]) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    });
    const program = ts.createProgram(names, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      skipLibCheck: true,
      paths: { 'rxjs-odata-async': [join(projectRoot, 'lib/index.ts')], 'rxjs-odata-async/testing': [join(projectRoot, 'lib/testing/index.ts')] },
    });
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file === undefined || names.includes(d.file.fileName))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('README snippets', () => {
  it('the flow (client, asyncOp$, poller, resume, cancel) type-checks as one program', () => {
    const flow = blocksBetween('## The flow', '### What the stream does');
    expect(flow).toHaveLength(3);
    // `render` is the reader's own UI code.
    const program = ['declare function render(update: unknown): void;', ...flow, 'export {};'].join('\n\n');
    expect(typeErrors({ 'flow.ts': program })).toEqual([]);
  }, 60_000);

  it('the edm examples type-check', () => {
    const [edmBlock] = blocksBetween('Parameter values:', '`ActionResult`:');
    expect(edmBlock).toContain('edm.decimal');
    expect(typeErrors({ 'edm.ts': `${edmBlock ?? ''}\nexport {};` })).toEqual([]);
  }, 60_000);

  it('the own-test example is spec/examples/readme-own-test.spec.ts, verbatim', () => {
    const [example] = blocksBetween('## Testing your own code', '## ');
    const spec = readFileSync(join(__dirname, 'readme-own-test.spec.ts'), 'utf8');
    expect(spec).toContain(example);
  });
});
