/** Message catalogues: French first, English with the same keys; `{name}` placeholders filled from params. */
import type { Lang } from './lang.ts';

export type MessageParams = Readonly<Record<string, string | number>>;

/** `template` with each `{name}` replaced by `params[name]`; a placeholder without a param stays as written. */
export function fill(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** The lookup of a catalogue given as its French and English tables (the English one must have every French key). */
export function catalogue<K extends string>(fr: Readonly<Record<K, string>>, en: Readonly<Record<K, string>>): (lang: Lang, key: K, params?: MessageParams) => string {
  const tables: Readonly<Record<Lang, Readonly<Record<K, string>>>> = { fr, en };
  return (lang, key, params = {}) => fill(tables[lang][key], params);
}

/** The lookup of a catalogue given as one `{fr, en}` pair per key. */
export function pairedCatalogue<K extends string>(strings: Readonly<Record<K, Readonly<Record<Lang, string>>>>): (lang: Lang, key: K, params?: MessageParams) => string {
  return (lang, key, params = {}) => fill(strings[key][lang], params);
}
