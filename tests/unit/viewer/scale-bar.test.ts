// Scale bar on 2D views: the length is a 1/2/5 × 10ⁿ mm value whose width (mm / mm-per-pixel) fits the space.
import { describe, expect, it } from 'vitest';
import { formatScaleMm, niceScaleBar, viewMmPerPx } from '../../../src/viewer/scale-bar.ts';

describe('niceScaleBar', () => {
  it('picks the longest round length that fits', () => {
    // 0.5 mm per pixel, 120 px available → 60 mm max → 50 mm drawn in 100 px
    expect(niceScaleBar(0.5, 120)).toEqual({ lengthMm: 50, widthPx: 100 });
    // 0.7 mm/px, 100 px → 70 mm max → 50 mm in 71.43 px
    const s = niceScaleBar(0.7, 100)!;
    expect(s.lengthMm).toBe(50);
    expect(s.widthPx).toBeCloseTo(50 / 0.7, 9);
    // 0.1 mm/px, 150 px → 15 mm max → 10 mm
    expect(niceScaleBar(0.1, 150)!.lengthMm).toBe(10);
    // 0.01 mm/px, 30 px → 0.3 mm max → 0.2 mm
    expect(niceScaleBar(0.01, 30)!.lengthMm).toBeCloseTo(0.2, 12);
    // exactly fitting 2 × 10ⁿ
    expect(niceScaleBar(1, 20)!.lengthMm).toBe(20);
  });
  it('never exceeds the space and is at least 40 % of it', () => {
    for (const mmPerPx of [0.013, 0.2, 0.37, 0.9, 2.4]) {
      for (const maxPx of [40, 90, 250]) {
        const s = niceScaleBar(mmPerPx, maxPx)!;
        expect(s.widthPx).toBeLessThanOrEqual(maxPx + 1e-9);
        expect(s.widthPx).toBeGreaterThanOrEqual(maxPx * 0.4 - 1e-9);
      }
    }
  });
  it('is undefined for a degenerate view', () => {
    expect(niceScaleBar(0, 100)).toBeUndefined();
    expect(niceScaleBar(Number.NaN, 100)).toBeUndefined();
    expect(niceScaleBar(0.5, 0)).toBeUndefined();
  });
});

describe('formatScaleMm', () => {
  it('uses a decimal comma in French', () => {
    expect(formatScaleMm(0.5, 'fr')).toBe('0,5 mm');
    expect(formatScaleMm(0.5, 'en')).toBe('0.5 mm');
    expect(formatScaleMm(20, 'fr')).toBe('20 mm');
  });
});

describe('viewMmPerPx', () => {
  it('measures the world distance of 100 canvas pixels along an oblique row', () => {
    // canvas x maps to world along (0.6, 0.8, 0) at 0.25 mm per pixel
    const vp = { canvasToWorld: ([x, y]: [number, number]) => [10 + 0.15 * x, -5 + 0.2 * x, 3 + 0 * y] as [number, number, number] };
    expect(viewMmPerPx(vp as never)).toBeCloseTo(0.25, 12);
  });
});
