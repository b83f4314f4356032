// Benchmark 4: what the library weighs in a browser bundle, next to @azure/core-lro. The figures
// come from scripts/check-size.mjs (the CI budget check), so the two can never disagree.
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import type { Metafile } from 'esbuild';
import type { BenchReport } from './report.js';
import { ROOT } from './paths.js';
import { fixed, table } from './stats.js';

interface SizeEntry {
  readonly label: string;
  readonly raw: number;
  readonly gzip: number;
  readonly budget: number;
  readonly over: boolean;
  readonly inputs: readonly (readonly [string, number])[];
}

/** The part of scripts/check-size.mjs this benchmark uses. */
interface SizeModule {
  readonly EXTERNAL: readonly string[];
  readonly ENTRIES: Readonly<Record<'root' | 'asyncOp', { readonly label: string; readonly contents: string }>>;
  measureSizes(): Promise<Record<'root' | 'asyncOp', SizeEntry>>;
  bundle(contents: string, external?: readonly string[]): Promise<{ raw: number; gzip: number; metafile: Metafile; text: string }>;
}

async function sizeModule(): Promise<SizeModule> {
  const loaded: unknown = await import(pathToFileURL(join(ROOT, 'scripts/check-size.mjs')).href);
  return loaded as SizeModule;
}

/** core-lro's poller, bundled the same way (check-size's bundle()) with its own dependencies external. */
async function coreLroSize(sizes: SizeModule): Promise<{ raw: number; gzip: number }> {
  return sizes.bundle("export { createHttpPoller } from '@azure/core-lro';", ['@azure/abort-controller', '@azure/core-util', '@azure/logger', 'tslib']);
}

/**
 * How much of a bundle is the text of string and template literals (messages, mostly): the
 * gzip size with every literal's text blanked, found with the TypeScript parser.
 */
async function withoutLiteralText(sizes: SizeModule, contents: string): Promise<{ literalBytes: number; gzipWithout: number }> {
  // The same bundle as the budget check measures.
  const code = (await sizes.bundle(contents)).text;
  const source = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const spans: [number, number][] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) spans.push([node.getStart(), node.end]);
    else if (ts.isTemplateExpression(node)) {
      spans.push([node.head.getStart(), node.head.end]);
      for (const span of node.templateSpans) spans.push([span.literal.getStart(), span.literal.end]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let pos = 0;
  let literalBytes = 0;
  for (const [start, end] of spans) {
    if (start < pos) continue;
    literalBytes += end - start - 2;
    out += code.slice(pos, start + 1) + code.slice(end - 1, end);
    pos = end;
  }
  out += code.slice(pos);
  return { literalBytes, gzipWithout: gzipSync(out, { level: 9 }).length };
}

/** Minified bytes per lib/ folder (actions, client, async-op, …). */
function byFolder(inputs: readonly (readonly [string, number])[]): string {
  const folders = new Map<string, number>();
  for (const [path, bytes] of inputs) {
    const folder = /^lib\/([^/]+)\//.exec(path)?.[1] ?? path;
    folders.set(folder, (folders.get(folder) ?? 0) + bytes);
  }
  return [...folders.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([f, b]) => `${f} ${fixed(b / 1024, 1)}`)
    .join(', ');
}

export async function runBundleSize(): Promise<BenchReport> {
  const sizes = await sizeModule();
  const measured = await sizes.measureSizes();
  const lro = await coreLroSize(sizes);
  const kb = (bytes: number) => fixed(bytes / 1024, 2);
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  for (const key of ['root', 'asyncOp'] as const) {
    const s = measured[key];
    const literal = await withoutLiteralText(sizes, sizes.ENTRIES[key].contents);
    rows.push([s.label, kb(s.raw), kb(s.gzip), kb(s.budget), s.over ? 'OVER' : 'ok', kb(literal.gzipWithout)]);
    notes.push(
      `${s.label}: ${fixed(s.gzip / s.budget, 2)}× its budget. Minified KiB by folder: ${byFolder(s.inputs)}. ` +
        `Largest files: ${s.inputs
          .slice(0, 6)
          .map(([p, b]) => `${p.replace(/^lib\//, '')} ${fixed(b / 1024, 1)}`)
          .join(', ')}. ` +
        `String/template literal text: ${fixed(literal.literalBytes / 1024, 1)} KiB of ${fixed(s.raw / 1024, 1)} KiB minified.`,
    );
  }
  rows.push(['@azure/core-lro createHttpPoller (its deps external)', kb(lro.raw), kb(lro.gzip), '', '', '']);
  const over = measured.root.over || measured.asyncOp.over;
  return {
    title: '4. Bundle size (browser, esbuild, minified + gzip -9)',
    setup:
      'esbuild bundles lib/ sources directly (ESM, platform browser, es2022, minify, tree shaking); external: the peers rxjs, axios, io-ts, fp-ts, and tough-cookie ' +
      '(the one runtime dependency, imported lazily with `import()` and only in Node, so a browser bundle never loads it). gzip: zlib level 9. ' +
      'The same figures as `npm run size` (scripts/check-size.mjs, the CI budget check).',
    table: table(['bundle', 'minified KiB', 'gzip KiB', 'budget KiB', 'budget', 'gzip KiB if literal text were empty'], rows),
    notes: [
      `Root ${kb(measured.root.gzip)} KiB vs budget 6 (${over ? 'missed' : 'met'}); asyncOp$ alone ${kb(measured.asyncOp.gzip)} KiB vs budget 3 ` +
        `(${measured.asyncOp.over ? 'missed' : 'met'}); core-lro's poller ${kb(lro.gzip)} KiB.`,
      ...notes,
    ],
    met: !over,
  };
}
