// The dependency rule, read from the import statements of src/: the pure folders (they run in Node, workers,
// the CLI and tests) import neither Cornerstone nor the UI nor the viewer and use no DOM global; src/viewer
// (Cornerstone code) never imports src/ui. docs/ARCHITECTURE.md states the rule.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/studies.ts';
import { importsOf } from '../../helpers/imports.ts';

const SRC = join(repoRoot, 'src');
const PURE = ['dicom', 'volume', 'kernels', 'vessel', 'report', 'cli', 'study', 'tree', 'review'];
/** Cornerstone's rendering, tools and loader packages (its codec packages are plain WASM decoders) */
const CORNERSTONE = /^@cornerstonejs\/(core|tools|dicom-image-loader)(\/|$)/;
const DOM_GLOBAL = /\b(document|window|HTMLElement|HTMLCanvasElement|requestAnimationFrame)\b/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return /\.ts$/.test(f) && !/\.d\.ts$/.test(f) ? [p] : [];
  });
}

/** src folder an import lands in ('ui', 'viewer', …), or the package name. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const rel = relative(SRC, resolve(dirname(file), spec));
  return rel.startsWith('..') ? rel : rel.split(/[\\/]/)[0]!;
}

/** Code without comments and string literals (a DOM word in a comment is no DOM use). */
const codeOnly = (t: string): string => t.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '').replace(/(['"`])(?:\\.|(?!\1)[^\\])*\1/g, '""');

describe('dependency rule', () => {
  const files = tsFiles(SRC);
  it('reads the imports of every source file', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(importsOf("import { a } from './a.ts';\nexport type { B } from '../b.ts';\nimport './c.css';\nconst m = await import('../d.ts');"))
      .toEqual(['./a.ts', '../b.ts', './c.css', '../d.ts']);
  });
  it(`src/{${PURE.join(',')}} import no Cornerstone, no ui, no viewer, and touch no DOM global`, () => {
    const bad: string[] = [];
    for (const f of files.filter((x) => PURE.includes(relative(SRC, x).split(/[\\/]/)[0]!))) {
      const text = readFileSync(f, 'utf8');
      for (const spec of importsOf(text)) {
        const t = target(f, spec);
        if (CORNERSTONE.test(t) || t === 'ui' || t === 'viewer') bad.push(`${relative(repoRoot, f)} imports ${spec}`);
      }
      const dom = DOM_GLOBAL.exec(codeOnly(text));
      if (dom) bad.push(`${relative(repoRoot, f)} uses ${dom[0]}`);
    }
    expect(bad).toEqual([]);
  });
  it('src/viewer never imports src/ui', () => {
    const bad = files.filter((f) => relative(SRC, f).startsWith('viewer'))
      .flatMap((f) => importsOf(readFileSync(f, 'utf8')).filter((s) => target(f, s) === 'ui').map((s) => `${relative(repoRoot, f)} imports ${s}`));
    expect(bad).toEqual([]);
  });
});
