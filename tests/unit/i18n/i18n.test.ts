// One string catalogue per language: same keys, same placeholders, formatting.
import { describe, expect, it } from 'vitest';
import { en } from '../../../src/i18n/en.ts';
import { fr } from '../../../src/i18n/fr.ts';
import { format } from '../../../src/i18n/index.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('string catalogues', () => {
  it('French and English have the same keys and placeholders, and differ where they should', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const k of Object.keys(fr) as (keyof typeof fr)[]) expect(placeholders(en[k]), k).toEqual(placeholders(fr[k]));
    expect(fr.openFolder).not.toBe(en.openFolder);
  });
  it('formats parameters', () => {
    expect(format('fr', 'overlayWl', { ww: 800, wl: 200 })).toBe('F 800 / N 200');
    expect(format('en', 'overlayWl', { ww: 800, wl: 200 })).toBe('W 800 / L 200');
    expect(format('en', 'problems', {})).toBe('Skipped files ({count})');
  });
});
