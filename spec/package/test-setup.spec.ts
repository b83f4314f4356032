import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const projectRoot = resolve(__dirname, '../..');
const json = (file: string): unknown => JSON.parse(readFileSync(join(projectRoot, file), 'utf8'));
const field = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((at, key) => (typeof at === 'object' && at !== null && key in at ? Reflect.get(at, key) : undefined), value);

/**
 * The suite's speed: ts-jest only transpiles (one type check per file would cost most of the
 * run), and the one type check is `tsc --noEmit` before jest in `npm test`.
 */
describe('npm test: one type check, then jest transpiling only', () => {
  it('type-checks once with tsc --noEmit, then runs jest', () => {
    const pkg = json('package.json');
    expect(field(pkg, 'scripts', 'test')).toBe('npm run typecheck && jest');
    expect(field(pkg, 'scripts', 'typecheck')).toBe('tsc -p tsconfig.json --noEmit');
  });

  it('ts-jest compiles each file on its own: tsconfig.json has isolatedModules', () => {
    expect(field(json('tsconfig.json'), 'compilerOptions', 'isolatedModules')).toBe(true);
  });
});
