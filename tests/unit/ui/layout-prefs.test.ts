// The reading layout survives a reload: stored on change, read at start; anything unreadable gives "Lecture MPR", axial.
import { describe, expect, it } from 'vitest';
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
