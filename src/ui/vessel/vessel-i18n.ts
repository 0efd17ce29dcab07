/** Strings of the vessel view added after the shared dictionaries (src/ui/i18n): FR first, EN. */
import type { Lang } from '../i18n/index.ts';

const STRINGS = {
  outerArea: { fr: 'paroi {area} mm²', en: 'wall {area} mm²' },
  segmentBorderHint: { fr: 'glisser une limite sur la courbe ou la CPR', en: 'drag a border on the chart or the CPR' },
  segmentsPropose: { fr: 'proposer à nouveau', en: 'propose again' },
} as const;

export type VesselKey = keyof typeof STRINGS;

export function vt(lang: Lang, key: VesselKey, params: Record<string, string | number> = {}): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
