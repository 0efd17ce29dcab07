/**
 * Calcium under the rays' threshold, explained as its own component (calcium-hidden.ts): ray profiles drawn from the
 * same 2-D blurred-disk model (lumen L to a, optional plaque to c, calcium C to b, W beyond, Gaussian σ) plus seeded
 * white noise; the fit, with L known, must place the lumen edge at a (not at the bloom's outer flank), and must leave
 * a plain lumen edge alone.
 */
import { describe, expect, it } from 'vitest';
import { blurredDisk } from '../../../src/vessel/disk-blur.ts';
import { hiddenCalcium, HiddenDisks } from '../../../src/vessel/calcium-hidden.ts';
import { calciumRiseHu } from '../../../src/vessel/ray-calcium.ts';

const DR = 0.1, M = 60;

/** seeded standard normal (LCG + Box–Muller) */
function normal(seed: number): () => number {
  let s = seed >>> 0;
  const u = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return (s + 0.5) / 2 ** 32; };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

interface Scene { L: number; a: number; P?: number; c?: number; C: number; b: number; W: number; sigma: number; noise: number; seed: number }

function profile(x: Scene): Float64Array {
  const g = normal(x.seed), c = x.c ?? x.a, P = x.P ?? 0;
  const D = (r: number, rad: number): number => (rad > 0 ? blurredDisk(r / x.sigma, rad / x.sigma) : 0);
  return Float64Array.from({ length: M + 1 }, (_, m) => {
    const r = m * DR;
    return x.L * D(r, x.a) + P * (D(r, c) - D(r, x.a)) + x.C * (D(r, x.b) - D(r, c)) + x.W * (1 - D(r, x.b)) + x.noise * g();
  });
}

function fit(x: Scene, r0Mm: number): number | null {
  const prof = profile(x);
  const f = hiddenCalcium({ prof, base: 0, m1: Math.min(M, Math.round((r0Mm + 2) / DR)), r0Mm, lumenHu: x.L, noiseSdHu: x.noise, riseHu: calciumRiseHu(x.L, x.noise) }, new HiddenDisks(x.sigma, DR, M + 1));
  return f ? f.aMm : null;
}

describe('calcium the threshold misses, fitted with the blood level known', () => {
  // a faint 0.5 mm shell (650–800 HU) blurred by FWHM 0.8–0.9 mm peaks < 120 HU above the lumen
  const cases: [string, Scene][] = [
    ['lumen 0.6 mm under 0.5 mm of 700 HU, FWHM 0.82', { L: 400, a: 0.6, C: 700, b: 1.1, W: 40, sigma: 0.35, noise: 15, seed: 1 }],
    ['lumen 0.8 mm under 0.5 mm of 650 HU, FWHM 0.88', { L: 370, a: 0.8, C: 650, b: 1.3, W: -20, sigma: 0.37, noise: 20, seed: 2 }],
    ['lumen 0.35 mm under 0.6 mm of 800 HU, FWHM 0.7', { L: 450, a: 0.35, C: 800, b: 0.95, W: 40, sigma: 0.3, noise: 12, seed: 3 }],
  ];
  it.each(cases)('%s: the edge within 0.2 mm of the lumen', (_, x) => {
    for (let seed = 0; seed < 5; seed++) {
      const a = fit({ ...x, seed: x.seed * 10 + seed }, x.b);
      expect(a, `seed ${seed}`).not.toBeNull();
      expect(Math.abs(a! - x.a), `seed ${seed}: a ${a}`).toBeLessThan(0.2);
    }
  });

  it('a plain lumen (1.2 mm, wall then fat) holds no calcium', () => {
    for (let seed = 0; seed < 10; seed++) expect(fit({ L: 400, a: 1.2, C: 40, b: 1.6, W: -90, sigma: 0.35, noise: 20, seed }, 1.2)).toBeNull();
  });
});

describe('hidden calcium disk table', () => {
  it('holds the window sums of D and D·D exactly as the direct sums, across growths', () => {
    const disks = new HiddenDisks(0.4, DR, M + 1);
    for (const kMax of [5, 6, 30, 31, 90]) {
      const t = disks.table(kMax), S = M + 1;
      for (const [i, j, n] of [[0, 0, 1], [2, 5, 17], [kMax, kMax, S], [1, kMax, 40], [kMax - 1, kMax, 9]] as const) {
        let s = 0, d = 0;
        for (let m = 0; m < n; m++) { s += t[j * S + m]!; d += t[i * S + m]! * t[j * S + m]!; }
        expect(disks.sum(j, n)).toBe(s);
        expect(disks.dot(i, j, n)).toBe(d);
      }
    }
  });
});
