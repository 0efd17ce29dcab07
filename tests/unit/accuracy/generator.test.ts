/**
 * The robustness suite's phantom generator: determinism, analytic truth on a straight tube checked against
 * the rasterised lumen, and DICOM geometry through the project's ingest. Coordinates are LPS mm.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drawSeries, mainCurve } from '../../../accuracy/generator/draw.ts';
import { generateSeries, renderSeries, writeSeries } from '../../../accuracy/generator/series.ts';
import { makeGrid, renderObject } from '../../../accuracy/generator/render.ts';
import type { LesionSpec, SeriesSpec } from '../../../accuracy/generator/spec.ts';
import { lesionShape } from '../../../accuracy/generator/section.ts';
import { loadVolume } from '../../../src/dicom/load-node.ts';
import { lpsToIjk } from '../../../src/volume/volume.ts';

/** A straight tube along +z (huge path sphere, no curvature) with one lesion, plaque and wall at fat HU. */
function straightTube(lesion: Partial<LesionSpec>, imaging: Partial<SeriesSpec['imaging']> = {}): SeriesSpec {
  const base = drawSeries(3, 0);
  const R = 1e6;
  const fat = -100;
  const l: LesionSpec = {
    id: 't-L1', shape: 'cosine', plaque: 'noncalcified', centreSMm: 10, lengthMm: 8, peakSMm: 10, dsFraction: 0.6, runMm: 0, shoulderMm: 0,
    rampMm: 0.5, eccentricity: 0, eccentricRad: 0, outerGrowthMm: 0, plaqueHu: fat, calcium: null, nodules: [], rim: null, tandemWith: null, ...lesion,
  };
  return {
    ...base, id: 't', lesions: [l], branches: [], chamber: null,
    vessel: {
      ...base.vessel, heartCentreLps: [-R, 0, 0], heartRadiusMm: R - 60, myocardiumThicknessMm: 10, cavityHu: 400, pathRadiusMm: R,
      startLps: [0, 0, 0], headingLps: [0, 0, 1], waves: [], lengthMm: 20, extensionMm: 3, radiusProximalMm: 1.5, radiusDistalMm: 1.5, wallMm: 0.4, small: false,
    },
    imaging: {
      ...base.imaging, spacingMm: [0.3, 0.3, 0.4], rowDirLps: [1, 0, 0], colDirLps: [0, 1, 0], psfFwhmInPlaneMm: 0.6, psfFwhmZMm: 0.6,
      noiseSdHu: 0, lumenHu: 400, wallHu: fat, fatHu: fat, myocardiumHu: 100, ...imaging,
    },
  };
}

describe('accuracy generator', () => {
  it('is deterministic: the same seed gives the same bytes and truth, another seed differs', () => {
    const a = generateSeries(11, 4), b = generateSeries(11, 4), c = generateSeries(12, 4);
    expect(a.grid).toEqual(b.grid);
    expect(Buffer.from(a.hu.buffer).equals(Buffer.from(b.hu.buffer))).toBe(true);
    expect(JSON.stringify(a.truth)).toBe(JSON.stringify(b.truth));
    expect(JSON.stringify(c.truth)).not.toBe(JSON.stringify(a.truth));
  });

  it('gives a cosine lesion DS = 100·(1 − r_min/r_ref), and the rasterised lumen has that area', () => {
    const spec = straightTube({ dsFraction: 0.6 });
    const g = renderSeries(spec);
    const t = g.truth.lesions[0]!;
    expect(t.dsPct).toBeCloseTo(60, 6); // r_min = 1.5·(1 − 0.6) at the cosine's peak
    expect(t.mlaMm2).toBeCloseTo(Math.PI * 0.6 ** 2, 6);
    expect(t.sMm).toBeCloseTo(10, 1);
    // lumen area of the partial-volume object (no PSF, no noise): Σ (HU − fat)/(lumen − fat) · pixel area
    const curve = mainCurve(spec.vessel);
    const grid = makeGrid(spec, [curve], 6);
    const { object } = renderObject(spec, grid, curve, []);
    const [nx, ny] = grid.dimensions;
    const ext = spec.vessel.extensionMm; // the path starts this far before s = 0, at z = 0
    const sliceK = (sMm: number): number => Math.round(lpsToIjk(grid, [0, 0, sMm + ext])[2]);
    const voxelArea = (k: number): number => {
      let a = 0;
      for (let q = 0; q < nx * ny; q++) a += (object[k * nx * ny + q]! + 100) / 500;
      return a * grid.spacingMm[0] * grid.spacingMm[1];
    };
    // the analytic area averaged over the slice's thickness (r = 1.5·(1 − 0.6·cosine profile))
    const analyticArea = (k: number): number => {
      const zc = grid.originLps[2] + k * grid.spacingMm[2];
      let a = 0;
      for (let u = 0; u < 40; u++) {
        const s = zc - ext + ((u + 0.5) / 40 - 0.5) * grid.spacingMm[2];
        a += Math.PI * (1.5 * (1 - 0.6 * lesionShape(spec.lesions[0]!, s))) ** 2 / 40;
      }
      return a;
    };
    const kMin = sliceK(10), kRef = sliceK(1);
    expect(voxelArea(kRef)).toBeCloseTo(Math.PI * 1.5 ** 2, 1);
    expect(Math.abs(voxelArea(kMin) - analyticArea(kMin)) / analyticArea(kMin)).toBeLessThan(0.01);
    expect(Math.abs(analyticArea(kMin) - t.mlaMm2) / t.mlaMm2).toBeLessThan(0.05);
    expect(Math.abs(100 * (1 - Math.sqrt(voxelArea(kMin) / voxelArea(kRef))) - t.dsPct)).toBeLessThan(1.5);
  });

  it('puts an occlusion at 100 % with its lumen-less run, and an eccentric lesion keeps its analytic DS', () => {
    const occ = renderSeries(straightTube({ shape: 'occlusion', plaque: 'occlusion', dsFraction: 1, runMm: 6, shoulderMm: 1, lengthMm: 8 })).truth.lesions[0]!;
    expect(occ.dsPct).toBe(100);
    expect(occ.occlusionRunMm).toEqual([7, 13]);
    const ecc = renderSeries(straightTube({ eccentricity: 0.9, eccentricRad: 1, dsFraction: 0.45 })).truth.lesions[0]!;
    expect(ecc.dsPct).toBeCloseTo(45, 6);
  });

  it('writes DICOM whose geometry and HU come back through the project ingest (feet-first, oblique, anisotropic pixels)', async () => {
    const cases: Partial<SeriesSpec['imaging']>[] = [
      { patientPosition: 'FFS', rowDirLps: [-1, 0, 0], colDirLps: [0, 1, 0], spacingMm: [0.45, 0.32, 0.7], storage: 'unsigned-1024', instanceOrder: 'shuffled' },
      { patientPosition: 'HFS', rowDirLps: [0.9659258, 0.2588190, 0], colDirLps: [-0.2241439, 0.8365163, 0.5], spacingMm: [0.35, 0.5, 0.45], storage: 'signed', instanceOrder: 'descending' },
    ];
    for (const im of cases) {
      const g = renderSeries(straightTube({}, { ...im, noiseSdHu: 20 }));
      const dir = mkdtempSync(join(tmpdir(), 'accuracy-dicom-'));
      try {
        writeSeries(join(dir, 's'), g);
        const { volume } = await loadVolume(join(dir, 's', 'dicom'), { requireCt: true });
        const [nx, ny, nz] = g.grid.dimensions;
        expect(volume.dimensions).toEqual([nx, ny, nz]);
        for (let a = 0; a < 3; a++) expect(volume.spacingMm[a]).toBeCloseTo(g.grid.spacingMm[a]!, 4);
        // every 97th voxel: its LPS centre maps to the same voxel of the loaded volume, with the same HU
        for (let v = 0; v < nx * ny * nz; v += 97) {
          const i = v % nx, j = Math.floor(v / nx) % ny, k = Math.floor(v / (nx * ny));
          const p = [0, 1, 2].map((e) => g.grid.originLps[e]! + i * g.grid.spacingMm[0] * g.grid.directions[0][e]! + j * g.grid.spacingMm[1] * g.grid.directions[1][e]! + k * g.grid.spacingMm[2] * g.grid.directions[2][e]!) as [number, number, number];
          const ijk = lpsToIjk(volume, p).map((x) => Math.round(x) + 0);
          expect(ijk).toEqual([i, j, k]);
          expect(volume.voxels[ijk[0]! + nx * (ijk[1]! + ny * ijk[2]!)]).toBe(g.hu[v]);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
