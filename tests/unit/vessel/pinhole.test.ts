// The pin-hole finder (src/vessel/pinhole.ts) on analytic cross-sections: a vessel of radius 1.65 mm in fat
// (−100 HU) with plaque (60 HU), a residual lumen (430 HU) of radius 0.32 mm at (+0.55, 0) mm and a calcified
// crescent (700 HU, 140°, 0.6 mm at the wall) on the other side, blurred by a Gaussian (σ 0.3 mm) and a box
// along v (±0.6 mm, cardiac motion): the crescent then peaks near the lumen level, the pin-hole far below it.
// Grids: (u, v) mm, row-major v rows, as sampleGrids returns them.
import { describe, expect, it } from 'vitest';
import { findPinhole, PINHOLE_GRID } from '../../../src/vessel/pinhole.ts';

const K = Math.round(PINHOLE_GRID.halfMm / PINHOLE_GRID.stepMm), W = 2 * K + 1, H = PINHOLE_GRID.stepMm;
const LUMEN_HU = 430;

function section(o: { lumenR: number; crescent: boolean; lumenAt?: number }): Float64Array {
  const g = new Float64Array(W * W);
  const lu = o.lumenAt ?? 0.55;
  for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
    const u = (i - K) * H, v = (j - K) * H, r = Math.hypot(u, v);
    let hu = r > 1.65 ? -100 : 60;
    if (r <= 1.65 && o.crescent && r >= 1.05 && Math.abs(Math.atan2(v, -u)) <= (70 * Math.PI) / 180) hu = 700;
    if (Math.hypot(u - lu, v) < o.lumenR) hu = LUMEN_HU;
    g[j * W + i] = hu;
  }
  return blur(g);
}

/** separable Gaussian σ 0.3 mm, then a ±0.6 mm box along v (edges clamped) */
function blur(g: Float64Array): Float64Array {
  const taps = (f: (d: number) => number, R: number): number[] => { const w = Array.from({ length: 2 * R + 1 }, (_, k) => f((k - R) * H)); const s = w.reduce((a, b) => a + b, 0); return w.map((x) => x / s); };
  const gauss = taps((d) => Math.exp(-(d * d) / (2 * 0.09)), 12), box = taps(() => 1, 6);
  const pass = (src: Float64Array, w: number[], alongU: boolean): Float64Array => {
    const out = new Float64Array(src.length), R = (w.length - 1) >> 1;
    for (let j = 0; j < W; j++) for (let i = 0; i < W; i++) {
      let acc = 0;
      for (let k = -R; k <= R; k++) {
        const ii = alongU ? Math.min(W - 1, Math.max(0, i + k)) : i, jj = alongU ? j : Math.min(W - 1, Math.max(0, j + k));
        acc += w[k + R]! * src[jj * W + ii]!;
      }
      out[j * W + i] = acc;
    }
    return out;
  };
  return pass(pass(pass(g, gauss, true), gauss, false), box, false);
}

const areaOf = (p: { massHuMm2: number; backgroundHu: number }): number => p.massHuMm2 / (LUMEN_HU - p.backgroundHu);

describe('pin-hole beside a lumen-bright crescent (pinhole.ts)', () => {
  it('the blurred crescent reaches the lumen level while the pin-hole stays far below it (the case it is for)', () => {
    const g = section({ lumenR: 0.32, crescent: true });
    const at = (u: number): number => g[K * W + K + Math.round(u / H)]!;
    expect(Math.max(...[-1.4, -1.3, -1.2, -1.1].map(at))).toBeGreaterThan(0.85 * LUMEN_HU);
    expect(at(0.55)).toBeLessThan(0.6 * LUMEN_HU);
  });

  it('finds the pin-hole, not the crescent, and its area from its partial-volume mass (within 30 %)', () => {
    for (const lumenR of [0.25, 0.32, 0.45]) {
      const p = findPinhole(section({ lumenR, crescent: true }), PINHOLE_GRID, { lumenHu: LUMEN_HU, minExcessHu: 40 });
      expect(p, `r ${lumenR}`).not.toBeNull();
      expect(Math.hypot(p!.u - 0.55, p!.v), `r ${lumenR}`).toBeLessThanOrEqual(0.15);
      const truth = Math.PI * lumenR * lumenR;
      expect(Math.abs(areaOf(p!) - truth) / truth, `r ${lumenR}: ${areaOf(p!).toFixed(3)} vs ${truth.toFixed(3)} mm²`).toBeLessThanOrEqual(0.3);
    }
  });

  it('noise (SD 20 HU, correlated by the blur) moves the pin-hole little and its area stays within 45 %', () => {
    let seed = 7;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const clean = section({ lumenR: 0.32, crescent: true });
    const white = new Float64Array(W * W).map(() => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd()));
    const nb = blur(white);
    const sd = Math.sqrt(nb.reduce((a, b) => a + b * b, 0) / nb.length);
    const g = clean.map((x, k) => x + (20 * nb[k]!) / sd);
    const p = findPinhole(g, PINHOLE_GRID, { lumenHu: LUMEN_HU, minExcessHu: 40 });
    expect(p).not.toBeNull();
    expect(Math.hypot(p!.u - 0.55, p!.v)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(areaOf(p!) / (Math.PI * 0.32 * 0.32) - 1)).toBeLessThanOrEqual(0.45);
  });

  it('no crescent: nothing to mistake the lumen for, the usual measures apply (null)', () => {
    expect(findPinhole(section({ lumenR: 0.32, crescent: false }), PINHOLE_GRID, { lumenHu: LUMEN_HU, minExcessHu: 40 })).toBeNull();
  });

  it('a crescent without a pin-hole (lumen-less plaque): none', () => {
    expect(findPinhole(section({ lumenR: 0, crescent: true }), PINHOLE_GRID, { lumenHu: LUMEN_HU, minExcessHu: 40 })).toBeNull();
  });
});
