/**
 * Rendered variants kept on disk (git-ignored accuracy/out/tree/<generator hash>/seed-N/): the raw Int16 voxels
 * and a JSON with geometry, spec and truth. A changed generator (phantom or variant sources) never reuses a stale
 * copy. Rendering one variant costs 10–30 s; reading it back well under one.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Volume } from '../../src/volume/volume.ts';
import type { Truth } from '../../sample-data/truth.ts';
import { renderVariant } from './render-variant.ts';
import type { TreeVariantSpec } from './variants.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const TREE_OUT = resolve(HERE, '..', 'out', 'tree');

/** this folder's files that shape the voxels and the truth */
const GENERATOR_FILES = ['variants.ts', 'variant-tree.ts', 'render-variant.ts'];

export function variantGeneratorHash(): string {
  const h = createHash('sha256');
  const phantom = resolve(HERE, '..', '..', 'sample-data', 'phantom');
  for (const f of readdirSync(phantom).filter((n) => n.endsWith('.ts')).sort()) h.update(f).update(readFileSync(join(phantom, f)));
  for (const f of GENERATOR_FILES) h.update(f).update(readFileSync(join(HERE, f)));
  return h.digest('hex').slice(0, 12);
}

interface Stored { geometry: Omit<Volume, 'voxels'>; spec: TreeVariantSpec; truth: Truth }

/** The variant's volume and truth, rendered on first use and read from the cache after. */
export function loadVariant(setSeed: number, v: TreeVariantSpec, root = join(TREE_OUT, variantGeneratorHash())): { volume: Volume; truth: Truth; renderedMs: number } {
  const dir = join(root, `seed-${setSeed}`);
  const raw = join(dir, `${v.id}.raw`), meta = join(dir, `${v.id}.json`);
  if (existsSync(raw) && existsSync(meta)) {
    const s = JSON.parse(readFileSync(meta, 'utf8')) as Stored;
    const b = readFileSync(raw);
    const voxels = new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    return { volume: { ...s.geometry, voxels }, truth: s.truth, renderedMs: 0 };
  }
  const t0 = performance.now();
  const { volume, truth } = renderVariant(v);
  const renderedMs = performance.now() - t0;
  mkdirSync(dir, { recursive: true });
  const { voxels, ...geometry } = volume;
  // written beside, then renamed: a killed run never leaves half a volume behind
  writeFileSync(`${raw}.tmp`, new Uint8Array(voxels.buffer, voxels.byteOffset, voxels.byteLength));
  writeFileSync(meta, JSON.stringify({ geometry, spec: v, truth } satisfies Stored));
  renameSync(`${raw}.tmp`, raw);
  return { volume, truth, renderedMs };
}
