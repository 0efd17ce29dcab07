import { describe, expect, it } from 'vitest';
import { blurredSection } from '../../helpers/blur2d.ts';
import { lumenSeed } from '../../../src/vessel/lumen-seed.ts';
import { TISSUE_HU } from '../../../src/vessel/rays.ts';

/** A cross-section drawn analytically ((u, v) mm → HU), blurred by a Gaussian σ, on the seed's grid (0.1 mm). */
const FINE = 0.05, HALF = 4, STEP = 0.1, GRID_HALF = 1.8;
function blurredGrid(draw: (u: number, v: number) => number, sigmaMm: number): Float64Array {
  const { img, width: W } = blurredSection(draw, sigmaMm, HALF, FINE);
  const K = Math.round(GRID_HALF / STEP), G = 2 * K + 1, r = Math.round(STEP / FINE), c = Math.round(HALF / FINE);
  const grid = new Float64Array(G * G);
  for (let j = 0; j < G; j++) for (let i = 0; i < G; i++) grid[j * G + i] = img[(c + (j - K) * r) * W + c + (i - K) * r]!;
  return grid;
}
const seedOf = (grid: Float64Array, sigma: number) => lumenSeed({ grid, stepMm: STEP, levelHu: LUMEN, tissueHu: TISSUE_HU, blurMm: sigma });

const LUMEN = 380, PLAQUE = 50, FAT = -100, CALCIUM = 900;
/** vessel of outer radius 1.9 mm: a residual lumen (radius r at (cu, 0)), plaque, a calcified arc on +u, fat */
function section(r: number, cu: number, arcDeg: number, arcInnerMm = 1.2): (u: number, v: number) => number {
  return (u, v) => {
    const d = Math.hypot(u, v);
    if (Math.hypot(u - cu, v) <= r) return LUMEN;
    if (d > 1.9) return FAT;
    if (d >= arcInnerMm && Math.abs(Math.atan2(v, u)) <= (arcDeg * Math.PI) / 360) return CALCIUM;
    return PLAQUE;
  };
}

describe('lumenSeed: the residual lumen beside the centreline point', () => {
  it('finds an eccentric lumen beside a 240° calcified arc, not the calcium bloom', () => {
    for (const sigma of [0.22, 0.3, 0.38]) {
      const s = seedOf(blurredGrid(section(0.65, -1.0, 240), sigma), sigma);
      expect(s, `σ ${sigma}`).not.toBeNull();
      expect(Math.hypot(s!.uMm + 1.0, s!.vMm), `σ ${sigma}: seed at (${s!.uMm.toFixed(2)}, ${s!.vMm.toFixed(2)})`).toBeLessThan(0.35);
    }
  });

  it('stays at the centre of a centred healthy lumen', () => {
    const s = seedOf(blurredGrid(section(1.3, 0, 0), 0.35), 0.35);
    expect(s).not.toBeNull();
    expect(Math.hypot(s!.uMm, s!.vMm)).toBeLessThan(0.3);
  });

  // a thin arc under a wider blur (FWHM ≥ 1 mm) fades to the lumen level: its end then looks like a lumen, and
  // lumen.ts asks for a seed only where the rays see calcium above the lumen level
  it('finds none beside a calcified arc without a lumen (plaque and calcium only)', () => {
    for (const sigma of [0.22, 0.3, 0.38]) expect(seedOf(blurredGrid(section(0, 0, 180), sigma), sigma), `σ ${sigma}`).toBeNull();
  });

  it('takes a thin calcified arc blurred down to the lumen level for a ridge, not a lumen', () => {
    const s = seedOf(blurredGrid(section(0, 0, 200, 1.5), 0.3), 0.3);
    expect(s, JSON.stringify(s)).toBeNull();
  });
});
