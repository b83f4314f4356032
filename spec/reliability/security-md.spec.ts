/**
 * SECURITY.md names, for each promise, the test that proves it: `file.spec.ts` "test name".
 * This keeps those references true: every file exists under spec/, and every name is a test
 * (or table case) in it, so a renamed or deleted test cannot leave a promise unproved.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** (file, name) pairs: a `dir/x.spec.ts` reference, then the quoted names after it, up to `|` or `;`. */
function references(markdown: string): Array<{ file: string; name: string }> {
  const text = markdown.replace(/\s+/g, ' ');
  const found: Array<{ file: string; name: string }> = [];
  let file: string | undefined;
  for (const match of text.matchAll(/`?(?<![\w-])([\w-]+\/[\w./-]+\.spec\.ts)`?|"([^"]+)"|[|;]/g)) {
    if (match[1] !== undefined) file = match[1];
    else if (match[2] !== undefined && file !== undefined) found.push({ file, name: match[2] });
    else file = undefined;
  }
  return found;
}

/** Whether `name` is written in `source`: literally, or as a template literal whose `${…}` parts match anything. */
function isNamedIn(source: string, name: string): boolean {
  const text = source.replace(/\\'/g, "'").replace(/\\"/g, '"');
  if (text.includes(name)) return true;
  return [...text.matchAll(/`([^`]*)`/g)].some(([, template]) => {
    if (template === undefined || !template.includes('${')) return false;
    const parts = template.split(/\$\{[^}]*\}/);
    // A template that is mostly placeholders (`${a}${b}`) would match anything: not a test name.
    if (parts.join('').length < 20) return false;
    const pattern = parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+');
    return new RegExp(`^${pattern}$`).test(name);
  });
}

describe('SECURITY.md', () => {
  const markdown = readFileSync(join(ROOT, 'SECURITY.md'), 'utf8');
  const refs = references(markdown);

  it('names at least one test for each of its promises', () => {
    expect(refs.length).toBeGreaterThan(60);
  });

  it('names only tests that exist', () => {
    const missing = refs.filter(({ file, name }) => {
      const path = join(ROOT, 'spec', file);
      return !existsSync(path) || !isNamedIn(readFileSync(path, 'utf8'), name);
    });
    expect(missing).toEqual([]);
  });
});
