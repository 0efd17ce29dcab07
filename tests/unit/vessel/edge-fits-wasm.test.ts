// The lumen profile's WASM kernels (ray sampling with the smoothing, the two-step and calcium shell fits; the compute
// engine's module, as the CLI and the vessel worker load it) give the same profile as the TypeScript loops, bit for
// bit: a synthetic vessel with a plaque layer (wide falls: two-step fits) and a calcified arc (shell fits) is measured
// with the WASM profiler alone (TS smoothing and fits) and with its kernels; and a thin calcified shell's fitted inner
// edge by the WASM fit is the truth's within 0.2 mm.
import { describe, expect, it } from 'vitest';
import { loadCliKernels } from '../../../src/cli/vessel-kernels.ts';
import { calciumShellEdge, type EdgeFitKernel } from '../../../src/vessel/edge-fits.ts';
import { lumenProfile } from '../../../src/vessel/lumen.ts';
import { DEFAULT_RAYS, type RayProfiler } from '../../../src/vessel/rays.ts';
import { bump, lineCurve, makeTube, type SectionFn } from './synthetic.ts';

/** lumen 1.4 mm narrowed 50 % at s = 20 mm by a soft layer, a calcified arc (1000 HU, 200°) at s = 40 mm */
const section: SectionFn = (s, u, v) => {
  const d = Math.hypot(u, v), r = 1.4 * (1 - 0.5 * bump(s, 20, 4));
  const ang = Math.abs(Math.atan2(v, u)) * (180 / Math.PI);
  if (d <= r) return 380;
  if (Math.abs(s - 40) < 2.5 && d <= r + 0.7 && ang >= 80) return 1000;
  if (d <= 2.1) return 60;
  return d <= 2.5 ? 40 : null;
};

/** counts the calls of each fit, so that the comparison is known to cover them */
function counted(k: EdgeFitKernel): { kernel: EdgeFitKernel; calls: { twoStep: number; shell: number } } {
  const calls = { twoStep: 0, shell: 0 };
  return {
    calls,
    kernel: {
      twoStep: (...a) => { calls.twoStep++; return k.twoStep(...a); },
      shell: (...a) => { calls.shell++; return k.shell(...a); },
    },
  };
}

describe('lumen profile: WASM kernels = TypeScript loops', () => {
  it('the same radii, samples and profiles on a vessel with a plaque layer and a calcified arc', async () => {
    const tube = makeTube({
      dims: [40, 40, 130], spacingMm: [0.35, 0.35, 0.5], originLps: [-7, -7, -2], curve: lineCurve([0, 0, 0], [0, 0, 60]),
      section, maxRadiusMm: 2.5, backgroundHu: -90, noiseSdHu: 15, psfFwhmMm: 0.8, seed: 7,
    });
    const { profiler } = await loadCliKernels(tube.volume);
    expect(profiler?.edgeFits && profiler.smoothedRays).toBeTruthy();
    const fits = counted(profiler!.edgeFits!);
    const wasm: RayProfiler = Object.assign((v: Parameters<RayProfiler>[0], o: Parameters<RayProfiler>[1]) => profiler!(v, o), { edgeFits: fits.kernel, smoothedRays: profiler!.smoothedRays! });
    const plain: RayProfiler = (v, o) => profiler!(v, o);
    const pts = tube.truth.slice(4, -4).map((t) => t.lps);
    const a = lumenProfile(tube.volume, pts, { profiler: plain }), b = lumenProfile(tube.volume, pts, { profiler: wasm });
    expect(fits.calls.twoStep).toBeGreaterThan(0);
    expect(fits.calls.shell).toBeGreaterThan(0);
    expect(Array.from(b.radiiMm)).toEqual(Array.from(a.radiiMm));
    expect(b.samples).toEqual(a.samples);
    b.profiles.forEach((p, q) => expect(Array.from(p)).toEqual(Array.from(a.profiles[q]!)));
  });

  it('a thin calcified shell: the WASM shell fit finds its inner edge within 0.2 mm, as the TS fit does', async () => {
    const { profiler } = await loadCliKernels(makeTube({
      dims: [8, 8, 8], spacingMm: [1, 1, 1], originLps: [0, 0, 0], curve: lineCurve([4, 4, 0], [4, 4, 7]), section: () => null,
      maxRadiusMm: 1, backgroundHu: 0, noiseSdHu: 0, psfFwhmMm: 1, seed: 1,
    }).volume);
    const kernel = profiler!.edgeFits!;
    const dr = DEFAULT_RAYS.drMm, M = Math.round(DEFAULT_RAYS.rMaxMm / dr);
    for (const [r0, t, sigma] of [[1.2, 0.5, 0.45], [1.0, 0.8, 0.3], [0.75, 0.5, 0.4]] as const) {
      // one ray across lumen (306 HU) → shell (1300 HU, thickness t) → wall (40) → fat (−90), blurred along the ray by σ
      const step = (x: number, a: number): number => 0.5 * (1 + erf((x - a) / (sigma * Math.SQRT2)));
      const prof = new Float64Array(M + 1);
      for (let m = 0; m <= M; m++) {
        const x = m * dr;
        prof[m] = 306 + (1300 - 306) * step(x, r0) + (40 - 1300) * step(x, r0 + t) + (-90 - 40) * step(x, r0 + t + 0.3) + 7 * Math.sin(5.3 * m);
      }
      let pk = 0;
      for (let m = 0; m <= 40; m++) if (prof[m]! > prof[pk]!) pk = m;
      let half = pk;
      while (half > 0 && prof[half - 1]! >= 0.5 * (306 + prof[pk]!)) half--;
      const ts = calciumShellEdge(prof, 0, dr, M, pk * dr, sigma, half * dr);
      const wasm = calciumShellEdge(prof, 0, dr, M, pk * dr, sigma, half * dr, undefined, kernel);
      expect(wasm).toBe(ts);
      expect(Math.abs(wasm - r0)).toBeLessThan(0.2);
    }
  });
});

/** erf (Abramowitz–Stegun 7.1.26) */
function erf(x: number): number {
  const z = Math.abs(x), t = 1 / (1 + 0.3275911 * z);
  const e = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? e : -e;
}
