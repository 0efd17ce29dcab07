// The language choice survives a reload: stored on change, read at start; anything else (or a refusing storage) is French.
import { describe, expect, it } from 'vitest';
import { LANG_STORAGE_KEY, rememberedLang, rememberLang } from '../../../src/ui/lang-memory.ts';

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
};

describe('language memory', () => {
  it('reads back the stored choice', () => {
    const s = memory();
    expect(rememberedLang(s)).toBe('fr');
    rememberLang(s, 'en');
    expect(s.m.get(LANG_STORAGE_KEY)).toBe('en');
    expect(rememberedLang(s)).toBe('en');
    rememberLang(s, 'fr');
    expect(rememberedLang(s)).toBe('fr');
  });
  it('falls back to French on an unknown value or a storage that throws', () => {
    const s = memory();
    s.m.set(LANG_STORAGE_KEY, 'de');
    expect(rememberedLang(s)).toBe('fr');
    const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(rememberedLang(refusing)).toBe('fr');
    expect(() => rememberLang(refusing, 'en')).not.toThrow();
  });
});
