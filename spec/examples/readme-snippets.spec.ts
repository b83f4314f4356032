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

/** Every ```ts block of the README, with the line it starts on. */
function allBlocks(): Array<{ line: number; code: string }> {
  return [...readme.matchAll(/```ts\n([\s\S]*?)\n```/g)].map((match) => ({ line: readme.slice(0, match.index).split('\n').length + 1, code: match[1] ?? '' }));
}

/**
 * The places in `code` that leave an error unhandled, as `line: text`: a `.subscribe(…)` whose
 * argument is not an observer object with an `error` handler (a lone `next` function, or none),
 * and an `await ….wait()` outside a `try` with a `catch`. Copied into a Node script, either one
 * turns a failed operation into an uncaught error that ends the process.
 */
function unhandledErrors(code: string, firstLine: number): string[] {
  const source = ts.createSourceFile('block.ts', code, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const where = (node: ts.Node) =>
    `README.md:${firstLine + source.getLineAndCharacterOfPosition(node.getStart()).line}: ${node.getText().split('\n')[0] ?? ''}`;
  const hasErrorHandler = (argument: ts.Expression | undefined) =>
    argument !== undefined &&
    ts.isObjectLiteralExpression(argument) &&
    argument.properties.some((property) => property.name !== undefined && ts.isIdentifier(property.name) && property.name.text === 'error');
  const insideTryWithCatch = (node: ts.Node): boolean => {
    for (let current: ts.Node | undefined = node.parent; current !== undefined; current = current.parent) {
      if (ts.isTryStatement(current) && current.catchClause !== undefined && node.pos >= current.tryBlock.pos && node.end <= current.tryBlock.end) return true;
    }
    return false;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      if (method === 'subscribe' && !hasErrorHandler(node.arguments[0])) found.push(where(node));
      if (method === 'wait' && ts.isAwaitExpression(node.parent) && !insideTryWithCatch(node)) found.push(where(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('README snippets', () => {
  it('every example handles the errors it can get: no subscribe without an error handler, no await wait() outside try/catch', () => {
    const blocks = allBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    expect(blocks.flatMap(({ line, code }) => unhandledErrors(code, line))).toEqual([]);
  });

  it('the scan for unhandled errors finds them (the poller example as it once was)', () => {
    const before = [
      'const poller = createAsyncPoller(client, url, { maxPolls: 60 });',
      'poller.status$.subscribe((u) => render(u));',
      'const done = await poller.wait();',
      'source.subscribe({ next: (u) => render(u) });',
      'source.subscribe();',
      'try { await poller.wait(); } finally { stop(); }',
    ].join('\n');
    expect(unhandledErrors(before, 1)).toEqual([
      'README.md:2: poller.status$.subscribe((u) => render(u))',
      'README.md:3: poller.wait()',
      'README.md:4: source.subscribe({ next: (u) => render(u) })',
      'README.md:5: source.subscribe()',
      'README.md:6: poller.wait()',
    ]);
  });

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
