import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import * as browserCookies from '../../lib/http/session-cookies.browser';
import * as nodeCookies from '../../lib/http/session-cookies';

const projectRoot = resolve(__dirname, '../..');
/** Loads the CommonJS scripts and configuration the package is built with. */
const requireScript = createRequire(__filename);
const lib = join(projectRoot, 'lib');

interface PackageImports {
  readonly IMPORTS: Readonly<Record<string, Readonly<Record<string, string>>>>;
  buildFolderManifest(type: string): { type: string; sideEffects: boolean; imports: unknown };
}
/** scripts/package-imports.cjs, typed by what this spec uses of it. */
const packageImports = requireScript(join(projectRoot, 'scripts/package-imports.cjs')) as PackageImports;

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

/** The lib/ source a relative or `#` specifier of `from` names, or undefined for a package. */
function sourceOf(from: string, specifier: string, condition: 'browser' | 'default'): string | undefined {
  if (specifier.startsWith('#')) {
    const target = packageImports.IMPORTS[specifier]?.[condition];
    if (target === undefined) throw new Error(`${specifier} is not in scripts/package-imports.cjs`);
    return join(lib, target.replace(/\.js$/, '.ts'));
  }
  return specifier.startsWith('.') ? resolve(dirname(from), specifier.replace(/\.js$/, '.ts')) : undefined;
}

/** Every lib/ module and package `entry` loads at run time, as a bundler for `condition` resolves them. */
function runtimeGraph(entry: string, condition: 'browser' | 'default'): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const pending = [join(lib, entry)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (modules.has(file)) continue;
    modules.add(file);
    for (const specifier of runtimeImports(file)) {
      const source = sourceOf(file, specifier, condition);
      if (source === undefined) packages.add(specifier);
      else pending.push(source);
    }
  }
  return { modules: new Set([...modules].map((file) => relative(lib, file))), packages };
}

const libFiles = (readdirSync(lib, { recursive: true }) as string[]).filter((file) => file.endsWith('.ts')).map((file) => join(lib, file));

describe('what each kind of app loads from the sources (the bundles are measured by spec/package/size.spec.ts)', () => {
  it('the Angular adapter reaches no axios, and no tough-cookie in a browser', () => {
    const { modules, packages } = runtimeGraph('angular/index.ts', 'browser');
    expect(modules).not.toContain('http/axios-transport.ts');
    expect(modules).not.toContain('http/cookie-jar.ts');
    expect([...packages]).not.toContain('axios');
    expect([...packages]).not.toContain('tough-cookie');
  });

  it('createODataClient reaches the cookie jar only outside browsers', () => {
    expect(runtimeGraph('odata/odata-client.ts', 'default').modules).toContain('http/cookie-jar.ts');
    expect(runtimeGraph('odata/odata-client.ts', 'browser').modules).not.toContain('http/cookie-jar.ts');
  });

  it("asyncOp$ alone reaches neither the client's session (CSRF, cookies, redirects) nor a transport", () => {
    const { modules, packages } = runtimeGraph('lro/async-op.ts', 'browser');
    for (const module of ['odata/csrf.ts', 'odata/service-http.ts', 'odata/build-client.ts', 'http/axios-transport.ts', 'http/cookie-jar.ts']) {
      expect(modules).not.toContain(module);
    }
    expect([...packages].sort()).toEqual(['io-ts', 'rxjs']);
  });

  it('no module imports a subpath of fp-ts or io-ts at run time (their CommonJS or folder entries)', () => {
    const subpaths = libFiles.flatMap((file) =>
      runtimeImports(file)
        .filter((s) => /^(fp-ts|io-ts)\//.test(s))
        .map((s) => `${relative(lib, file)}: ${s}`),
    );
    expect(subpaths).toEqual([]);
  }, 20_000);
});

describe('the private imports (#...): scripts/package-imports.cjs, tsconfig.json and jest.config.js agree', () => {
  const used = [...new Set(libFiles.flatMap((file) => runtimeImports(file).filter((s) => s.startsWith('#'))))];
  const tsconfig = JSON.parse(readFileSync(join(projectRoot, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  const jestConfig = requireScript(join(projectRoot, 'jest.config.js')) as { moduleNameMapper: Record<string, string> };

  it('maps every specifier the sources use, to files that exist, in every build condition', () => {
    expect(used.length).toBeGreaterThan(0);
    for (const specifier of used) {
      const targets = packageImports.IMPORTS[specifier];
      expect(targets).toBeDefined();
      for (const target of Object.values(targets ?? {})) expect(libFiles).toContain(join(lib, target.replace(/\.js$/, '.ts')));
      // The sources resolve as Node does: the `default` condition.
      const nodeSource = `./lib/${(targets?.['default'] ?? '').replace(/^\.\//, '').replace(/\.js$/, '.ts')}`;
      expect(tsconfig.compilerOptions.paths[specifier]).toEqual([nodeSource]);
      expect(jestConfig.moduleNameMapper[`^${specifier}$`]).toBe(nodeSource.replace(/^\./, '<rootDir>'));
    }
  });

  it('gives each build folder its module type, sideEffects: false and the imports', () => {
    for (const type of ['module', 'commonjs']) {
      expect(packageImports.buildFolderManifest(type)).toEqual({ type, sideEffects: false, imports: packageImports.IMPORTS });
    }
  });
});

describe('#http/session-cookies', () => {
  it('has the same exports in the browser and elsewhere', () => {
    expect(Object.keys(browserCookies).sort()).toEqual(Object.keys(nodeCookies).sort());
  });

  it('keeps no cookies in a browser, which keeps them itself', () => {
    expect(browserCookies.runtimeSessionCookies()).toBeUndefined();
  });

  it('keeps a jar where nothing keeps cookies (Node), and none where a document does', () => {
    expect(nodeCookies.runtimeSessionCookies()).toMatchObject({ headerFor: expect.any(Function), store: expect.any(Function) });
    const global = globalThis as { document?: unknown };
    global.document = {};
    try {
      expect(nodeCookies.runtimeSessionCookies()).toBeUndefined();
    } finally {
      delete global.document;
    }
  });
});
