// The reading layout survives a reload: stored on change, read at start; anything unreadable gives "Lecture MPR", axial.
import { describe, expect, it } from 'vitest';
import { keptScale, setParallelScale } from '../../../src/ui/layout-fit.ts';
import { DEFAULT_LAYOUT, LAYOUT_STORAGE_KEY, rememberedLayout, rememberLayout } from '../../../src/ui/layout-prefs.ts';

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
};

describe('layout memory', () => {
  it('reads back the stored layout and MPR choice', () => {
    const s = memory();
    expect(rememberedLayout(s)).toEqual({ layout: 'mpr', mpr: 'axial' });
    rememberLayout(s, { layout: 'vessel', mpr: 'all' });
    expect(JSON.parse(s.m.get(LAYOUT_STORAGE_KEY)!)).toEqual({ layout: 'vessel', mpr: 'all' });
    expect(rememberedLayout(s)).toEqual({ layout: 'vessel', mpr: 'all' });
    rememberLayout(s, { layout: 'mpr', mpr: 'coronal' });
    expect(rememberedLayout(s)).toEqual({ layout: 'mpr', mpr: 'coronal' });
  });
  it('keeps the valid half of a damaged value and falls back on junk or a storage that throws', () => {
    const s = memory();
    s.m.set(LAYOUT_STORAGE_KEY, JSON.stringify({ layout: 'vessel', mpr: 'oblique' }));
    expect(rememberedLayout(s)).toEqual({ layout: 'vessel', mpr: DEFAULT_LAYOUT.mpr });
    s.m.set(LAYOUT_STORAGE_KEY, '{not json');
    expect(rememberedLayout(s)).toEqual(DEFAULT_LAYOUT);
    s.m.set(LAYOUT_STORAGE_KEY, 'null');
    expect(rememberedLayout(s)).toEqual(DEFAULT_LAYOUT);
    const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(rememberedLayout(refusing)).toEqual(DEFAULT_LAYOUT);
    expect(() => rememberLayout(refusing, { layout: 'vessel', mpr: 'all' })).not.toThrow();
  });
});

describe('zoom kept across a change of view shape', () => {
  it('keeps the world extent across the shorter side, and a round trip gives the first zoom back', () => {
    const wide = { width: 640, height: 320 }, tall = { width: 400, height: 640 }, square = { width: 500, height: 500 };
    // wide → tall: the 2·100 mm seen across the height (the short side) is now seen across the width
    const s = keptScale(100, wide, tall);
    expect(s * (tall.width / tall.height)).toBeCloseTo(100, 9);
    expect(keptScale(s, tall, wide)).toBeCloseTo(100, 9);
    expect(keptScale(100, square, wide)).toBeCloseTo(100, 9);
    expect(keptScale(100, square, tall)).toBeCloseTo(100 / (400 / 640), 9);
    // nothing to keep from a hidden (zero-size) view
    expect(keptScale(100, { width: 0, height: 0 }, tall)).toBe(100);
  });
});

describe('parallel scale set through a viewport that reads it back in other units', () => {
  it('corrects by the read-back ratio (a CPU stack of 0.2 × 0.25 mm pixels reads 0.8 × what it was given)', () => {
    let stored = 10;
    const vp = { getCamera: () => ({ parallelScale: stored * 0.8 }), setCamera: (c: { parallelScale: number }) => void (stored = c.parallelScale) };
    setParallelScale(vp, 35);
    expect(vp.getCamera().parallelScale).toBeCloseTo(35, 9);
    const plain = { s: 1, getCamera() { return { parallelScale: this.s }; }, setCamera(c: { parallelScale: number }) { this.s = c.parallelScale; } };
    setParallelScale(plain, 12);
    expect(plain.s).toBe(12);
  });
});
