import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const projectRoot = resolve(__dirname, '../..');
const read = (file: string) => readFileSync(join(projectRoot, file), 'utf8');

/** The source file of each import path users write, from the package's exports map (`./testing` → `lib/testing/index.ts`). */
function entryOf(subpath: string): string {
  return subpath === '.' ? 'lib/index.ts' : `lib/${subpath.slice(2)}/index.ts`;
}

/**
 * TypeDoc names a module after its file (`index`) unless the file comment says `@module <name>`:
 * the API reference must use the import paths users write.
 */
describe('API reference (typedoc.json)', () => {
  const pkg: unknown = JSON.parse(read('package.json'));
  const typedoc: unknown = JSON.parse(read('typedoc.json'));
  const name = typeof pkg === 'object' && pkg !== null && 'name' in pkg ? String(pkg.name) : '';
  const exportsMap = typeof pkg === 'object' && pkg !== null && 'exports' in pkg && typeof pkg.exports === 'object' ? pkg.exports : null;
  const subpaths = Object.keys(exportsMap ?? {}).filter((subpath) => subpath !== './package.json');
  const entryPoints = typeof typedoc === 'object' && typedoc !== null && 'entryPoints' in typedoc ? typedoc.entryPoints : undefined;

  it('documents every import path of the exports map, and only those', () => {
    expect(subpaths).toContain('.');
    expect(entryPoints).toEqual(subpaths.map(entryOf));
  });

  it.each(subpaths)('names the module of %s after its import path', (subpath) => {
    const importPath = subpath === '.' ? name : `${name}${subpath.slice(1)}`;
    const fileComment = /^\/\*\*[\s\S]*?\*\//.exec(read(entryOf(subpath)))?.[0] ?? '';
    expect(fileComment.match(/@module\s+(\S+)/)?.[1]).toBe(importPath);
  });
});
