/** HU levels measured on the image: the soft tissue around the aortic root, and the lumen threshold from it. */
import type { Volume } from '../volume/volume.ts';
import type { Aorta } from './aorta.ts';

/** Fat is below this (fat attenuation window −190 to −30 HU). */
const FAT_MAX_HU = -30;
/** Tissue is sampled within this distance of the root (mm): the ventricular walls and atria around it. */
const TISSUE_REACH_MM = 60;

/**
 * Most frequent HU between fat and half the blood HU within TISSUE_REACH_MM of the aortic root: the myocardium
 * (the largest soft tissue there). 5 HU bins, smoothed over ±2 bins.
 */
export function tissueHu(volume: Volume, a: Aorta): number {
  const [nx, ny, nz] = volume.dimensions;
  const [sx, sy, sz] = volume.spacingMm;
  const root = a.sections[a.sections.length - 1]!;
  const lo = FAT_MAX_HU, hi = a.bloodHu / 2;
  const bins = new Float64Array(Math.max(1, Math.ceil((hi - lo) / 5)));
  const ri = Math.ceil(TISSUE_REACH_MM / sx), rj = Math.ceil(TISSUE_REACH_MM / sy), rk = Math.ceil(TISSUE_REACH_MM / sz);
  const [ci, cj] = root.centreIj;
  // every 2nd voxel along each axis is plenty for a histogram
  for (let k = Math.max(0, root.k - rk); k <= Math.min(nz - 1, root.k + rk); k += 2) {
    for (let j = Math.max(0, Math.round(cj) - rj); j <= Math.min(ny - 1, Math.round(cj) + rj); j += 2) {
      for (let i = Math.max(0, Math.round(ci) - ri); i <= Math.min(nx - 1, Math.round(ci) + ri); i += 2) {
        const h = volume.voxels[i + nx * (j + ny * k)]!;
        if (h >= lo && h < hi) { const b = Math.floor((h - lo) / 5); bins[b] = bins[b]! + 1; }
      }
    }
  }
  let best = 0, bestV = -1;
  for (let b = 0; b < bins.length; b++) {
    let s = 0;
    for (let d = -2; d <= 2; d++) s += bins[Math.min(bins.length - 1, Math.max(0, b + d))]!;
    if (s > bestV) { bestV = s; best = b; }
  }
  return lo + 5 * best + 2.5;
}

/** Lumen threshold: half-way between the blood pool and the tissue a coronary lies on (equal partial volume of both). */
export function lumenThresholdHu(bloodHu: number, tissue: number): number {
  return (bloodHu + tissue) / 2;
}
