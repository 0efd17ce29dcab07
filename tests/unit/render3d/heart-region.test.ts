// The heart isolated for the 3D view in the training studies (known truth: the coronary centrelines), and
// the image the CPU renderer makes of it. Truth is read only here. LPS mm; the reconstruction field is centred
// on the heart (as a CCTA's is), so bright voxels far out from its axis are chest wall (sternum, ribs, spine).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Truth } from '../../../sample-data/truth.ts';
import { loadVolume } from '../../../src/dicom/load-node.ts';
import { createDownsampler, downsampleFactor } from '../../../src/render3d/downsample.ts';
import { heartRegion } from '../../../src/render3d/heart-region.ts';
import { coronaryTransfer } from '../../../src/render3d/transfer.ts';
import { prepareRenderable, renderVolume } from '../../../src/render3d/raycast.ts';
import { projectLps, type Camera3d } from '../../../src/render3d/camera.ts';
import { VIEW3D_VOXEL_MM } from '../../../src/render3d/worker-api.ts';
import { ijkToLps, lpsToIjk, type Volume } from '../../../src/volume/volume.ts';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';

const studies = ensureStudies();

async function coarse(folder: string): Promise<{ mean: Volume; max: Volume }> {
  const { volume } = await loadVolume(join(studiesRoot, folder));
  const ds = createDownsampler(volume, downsampleFactor(volume.spacingMm, VIEW3D_VOXEL_MM));
  const [nx, ny, nz] = volume.dimensions;
  for (let k = 0; k < nz; k++) ds.addSlice(k, volume.voxels.subarray(k * nx * ny, (k + 1) * nx * ny));
  return { mean: ds.result('mean'), max: ds.result('max') };
}

const at = (v: Volume, lps: readonly [number, number, number]): number | undefined => {
  const [i, j, k] = lpsToIjk(v, lps).map(Math.round) as [number, number, number];
  const [nx, ny, nz] = v.dimensions;
  return i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz ? undefined : v.voxels[i + nx * (j + ny * k)]!;
};

describe('heart region for the 3D view', () => {
  for (const study of studies) {
    it(`${study.name}: the crop holds the truth coronaries and leaves the chest wall out`, async () => {
      const truth = JSON.parse(readFileSync(join(studiesRoot, study.truth), 'utf8')) as Truth;
      const { mean, max } = await coarse(study.folder);
      const region = heartRegion(mean, max);
      expect(region).not.toBeNull();
      const r = region!;
      const tf = coronaryTransfer(r.levels);
      // the surface lies between myocardium and blood
      expect(tf.surfaceHu).toBeGreaterThan(r.levels.tissueHu + 100);
      expect(tf.surfaceHu).toBeLessThan(r.levels.bloodHu - 100);
      const summary: string[] = [];
      let inBox = 0, total = 0;
      for (const v of truth.vessels) {
        let visible = 0;
        for (const p of v.points) {
          const hu = at(r.volume, p.lps);
          total++;
          if (hu !== undefined) inBox++;
          if (hu !== undefined && hu >= tf.visibleFromHu) visible++;
        }
        summary.push(`${v.name} ${((100 * visible) / v.points.length).toFixed(1)} %`);
        // a coronary shows along its length (its narrowest stenoses and thinnest distal ends may fade)
        expect(visible / v.points.length, summary.join('; ')).toBeGreaterThan(0.85);
      }
      expect(inBox / total, summary.join('; ')).toBeGreaterThan(0.99);
      // chest wall: bright voxels more than 70 mm from the field's axis; few stay bright in the crop
      const [nx, ny, nz] = mean.dimensions;
      const axis = ijkToLps(mean, [(nx - 1) / 2, (ny - 1) / 2, 0]);
      let wall = 0, wallKept = 0;
      for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
        if (max.voxels[i + nx * (j + ny * k)]! < tf.surfaceHu) continue;
        const p = ijkToLps(mean, [i, j, k]);
        if (Math.hypot(p[0] - axis[0], p[1] - axis[1]) < 70) continue;
        wall++;
        if ((at(r.volume, p) ?? -1000) >= tf.surfaceHu) wallKept++;
      }
      expect(wall).toBeGreaterThan(1000);
      expect(wallKept / wall).toBeLessThan(0.1);
      // the crop is a fraction of the field
      expect(r.volume.voxels.length / mean.voxels.length).toBeLessThan(0.5);
    }, 300_000);
  }

  it('Cas 1 rendered: background around the heart, the truth coronaries on lit pixels, a turn changes the image', async () => {
    const study = studies.find((s) => s.id === 'cas1')!;
    const truth = JSON.parse(readFileSync(join(studiesRoot, study.truth), 'utf8')) as Truth;
    const { mean, max } = await coarse(study.folder);
    const r = heartRegion(mean, max)!;
    const scene = prepareRenderable(r.volume, coronaryTransfer(r.levels));
    const w = 160, h = 160;
    const cam: Camera3d = { azimuthDeg: 0, elevationDeg: 0, zoom: 1, centreLps: r.centreLps, fovMm: 0.8 * r.diagonalMm };
    const render = (c: Camera3d) => { const out = new Uint8ClampedArray(w * h * 4); renderVolume(scene, { camera: c, widthPx: w, heightPx: h, mode: 'vr', stepMm: 0.75 }, out); return out; };
    const a = render(cam);
    const lit = (d: Uint8ClampedArray, q: number) => Math.max(d[4 * q]!, d[4 * q + 1]!, d[4 * q + 2]!);
    let background = 0;
    for (let q = 0; q < w * h; q++) if (lit(a, q) < 12) background++;
    expect(background / (w * h)).toBeGreaterThan(0.3);
    expect(background / (w * h)).toBeLessThan(0.9);
    let onLit = 0, n = 0;
    for (const v of truth.vessels) for (const p of v.points.filter((_, q) => q % 10 === 0)) {
      const [x, y] = projectLps(cam, w, h, p.lps).map(Math.round) as [number, number];
      n++;
      let best = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (x + dx >= 0 && y + dy >= 0 && x + dx < w && y + dy < h) best = Math.max(best, lit(a, (y + dy) * w + x + dx));
      if (best >= 60) onLit++;
    }
    expect(onLit / n).toBeGreaterThan(0.8);
    const b = render({ ...cam, azimuthDeg: 90 });
    let changed = 0;
    for (let q = 0; q < w * h; q++) if (Math.abs(lit(a, q) - lit(b, q)) > 40) changed++;
    expect(changed / (w * h)).toBeGreaterThan(0.1);
  }, 300_000);
});
