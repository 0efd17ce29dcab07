/** One series of the suite: draw → rasterise → image → DICOM files + truth.json. */
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from './prng.ts';
import { drawSeries, mainCurve, branchCurve, CROP_MARGIN_MM } from './draw.ts';
import { formImage, makeGrid, renderObject, type Grid } from './render.ts';
import { seriesTruth, type SeriesTruth } from './truth.ts';
import { seriesFiles } from './dicom-write.ts';
import type { SeriesSpec } from './spec.ts';

export interface GeneratedSeries {
  readonly spec: SeriesSpec;
  readonly grid: Grid;
  readonly hu: Int16Array;
  readonly truth: SeriesTruth;
}

export function renderSeries(spec: SeriesSpec): GeneratedSeries {
  const curve = mainCurve(spec.vessel);
  const branches = spec.branches.map((b) => branchCurve(b, spec.vessel, curve));
  const growth = Math.max(0, ...spec.lesions.map((l) => l.outerGrowthMm));
  const grid = makeGrid(spec, [curve, ...branches], spec.vessel.radiusProximalMm + spec.vessel.wallMm + growth + CROP_MARGIN_MM);
  const { object } = renderObject(spec, grid, curve, branches);
  const hu = formImage(spec, grid, object, createRng(spec.setSeed, spec.index, 0x6e6f6973));
  return { spec, grid, hu, truth: seriesTruth(spec, curve) };
}

export function generateSeries(setSeed: number, index: number): GeneratedSeries {
  return renderSeries(drawSeries(setSeed, index));
}

/** Stacking order → InstanceNumber − 1, per the series' quirk. */
function instanceOrder(spec: SeriesSpec, nz: number): number[] {
  const idx = Array.from({ length: nz }, (_, k) => k);
  if (spec.imaging.instanceOrder === 'descending') return idx.reverse();
  if (spec.imaging.instanceOrder === 'shuffled') {
    const rng = createRng(spec.setSeed, spec.index, 0x6f726472);
    for (let k = nz - 1; k > 0; k--) {
      const r = rng.int(0, k);
      [idx[k], idx[r]] = [idx[r]!, idx[k]!];
    }
  }
  return idx;
}

/** Write the series into dir/dicom/ and dir/truth.json (via a temporary folder renamed at the end). */
export function writeSeries(dir: string, g: GeneratedSeries): void {
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, 'dicom'), { recursive: true });
  const uidRoot = `2.25.${g.spec.setSeed + 1}${String(g.spec.index).padStart(4, '0')}7`;
  const files = seriesFiles(g.grid, g.hu, g.spec.imaging, uidRoot, `accuracy ${g.spec.id}`, instanceOrder(g.spec, g.grid.dimensions[2]));
  for (const f of files) writeFileSync(join(tmp, 'dicom', f.name), f.bytes);
  writeFileSync(join(tmp, 'truth.json'), JSON.stringify({ ...g.truth, spec: g.spec }));
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}
