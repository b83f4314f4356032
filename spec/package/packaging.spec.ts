import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const projectRoot = resolve(__dirname, '../..');
const lib = join(projectRoot, 'lib');

/** Every import of `file` that stays at run time (`import type` and type-only specifiers are erased). */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.phaseModifier === ts.SyntaxKind.TypeKeyword ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.every((element) => element.isTypeOnly)));
      if (!typeOnly) found.push(statement.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier !== undefined &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      found.push(statement.moduleSpecifier.text);
    }
  }
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The lib/ source a relative specifier of `from` names, or undefined for a package. */
function sourceOf(from: string, specifier: string): string | undefined {
  return specifier.startsWith('.') ? resolve(dirname(from), specifier.replace(/\.js$/, '.ts')) : undefined;
}

/** Every lib/ module and package `entry` loads at run time. */
function runtimeGraph(entry: string): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const pending = [join(lib, entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (modules.has(file)) continue;
    modules.add(file);
    for (const specifier of runtimeImports(file)) {
      const source = sourceOf(file, specifier);
      if (source === undefined) packages.add(specifier);
      else pending.push(source);
    }
  }
  return { modules: new Set([...modules].map((file) => relative(lib, file))), packages };
}

const libFiles = (readdirSync(lib, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts')).map((file) => join(lib, file));

describe('what each kind of app loads from the sources (the bundles are measured by spec/package/size.spec.ts)', () => {
  it('the Angular adapter reaches no axios; its browser entry no cookie jar either (the Node one keeps SSR cookies)', () => {
    for (const entry of ['angular/index.ts', 'angular/index.browser.ts']) {
      const { modules, packages } = runtimeGraph(entry);
      expect(modules).not.toContain('http/axios-transport.ts');
      expect([...packages]).not.toContain('axios');
    }
    const browser = runtimeGraph('angular/index.browser.ts');
    expect(browser.modules).not.toContain('http/cookie-jar.ts');
    expect([...browser.packages]).not.toContain('tough-cookie');
    expect(runtimeGraph('angular/index.ts').modules).toContain('http/cookie-jar.ts');
  });

  it('the root entry reaches the cookie jar in Node only: the browser entry never', () => {
    expect(runtimeGraph('index.ts').modules).toContain('http/cookie-jar.ts');
    const browser = runtimeGraph('index.browser.ts');
    // index.browser.ts re-exports index.ts, whose createODataClient it replaces: a bundler drops
    // that module (sideEffects: false), so the browser graph is index.ts's without it.
    const withoutNodeClient = runtimeGraph('odata/odata-client.browser.ts');
    expect(withoutNodeClient.modules).not.toContain('http/cookie-jar.ts');
    expect(withoutNodeClient.packages).not.toContain('tough-cookie');
    expect(browser.modules).toContain('odata/odata-client.browser.ts');
  });

  it("asyncOp$ alone reaches neither the client's session (CSRF, cookies, redirects) nor a transport", () => {
    const { modules, packages } = runtimeGraph('lro/async-op.ts');
    for (const module of ['odata/csrf.ts', 'odata/service-http.ts', 'odata/build-client.ts', 'http/axios-transport.ts', 'http/cookie-jar.ts']) {
      expect(modules).not.toContain(module);
    }
    expect([...packages].sort()).toEqual(['io-ts', 'rxjs']);
  });

  it('no module imports a subpath of fp-ts or io-ts at run time (their CommonJS or folder entries)', () => {
    const subpaths = libFiles.flatMap((file) =>
      runtimeImports(file)
        .filter((s) => /^(?:fp-ts|io-ts)\//.test(s))
        .map((s) => `${relative(lib, file)}: ${s}`),
    );
    expect(subpaths).toEqual([]);
  }, 20_000);
});

interface ExportTarget {
  readonly types: string;
  readonly default: string;
}
type Exports = Record<string, { readonly browser?: Record<string, ExportTarget>; readonly import: ExportTarget; readonly require: ExportTarget }>;

describe('package.json', () => {
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { exports: Exports; sideEffects: unknown };

  it('sends browsers to the browser entry, ES module and CommonJS, with its types first', () => {
    const root = manifest.exports['.'];
    expect(Object.keys(root ?? {})[0]).toBe('browser');
    expect(root?.browser).toEqual({
      import: { types: './dist/esm/index.browser.d.ts', default: './dist/esm/index.browser.js' },
      require: { types: './dist/cjs/index.browser.d.ts', default: './dist/cjs/index.browser.js' },
    });
  });

  it('declares no side effects (spec/package/consumer.spec.ts checks each build folder says so too)', () => {
    expect(manifest.sideEffects).toBe(false);
  });
});
