/** Strings of the vessel view added after the shared dictionaries (src/ui/i18n): FR first, EN. */
import type { Lang } from '../../i18n/index.ts';
import { pairedCatalogue, type MessageParams } from '../../i18n/catalogue.ts';
import type { VesselWarning } from '../../vessel/warnings.ts';
import { decimal } from '../../i18n/number.ts';

export const STRINGS = {
  outerArea: { fr: 'paroi {area} mm²', en: 'wall {area} mm²' },
  segmentBorderHint: { fr: 'glisser une limite sur la courbe ou la CPR', en: 'drag a border on the chart or the CPR' },
  segmentsPropose: { fr: 'proposer à nouveau', en: 'propose again' },
  warnPathWithoutContrast: {
    fr: 'le tracé traverse {mm} mm sans contraste (occlusion ?)',
    en: 'the path crosses {mm} mm without contrast (occlusion?)',
  },
  warnOstiumOffLumen: {
    fr: 'l’ostium cliqué est à {mm} mm de la lumière : cette extrémité est mesurée sur la coupe de lumière la plus proche',
    en: 'the clicked ostium is {mm} mm off the lumen: that end is measured from the nearest lumen section',
  },
  warnDistalOffLumen: {
    fr: 'le point distal cliqué est à {mm} mm de la lumière : cette extrémité est mesurée sur la coupe de lumière la plus proche',
    en: 'the clicked distal point is {mm} mm off the lumen: that end is measured from the nearest lumen section',
  },
  warnSeedsSwapped: {
    fr: 'l’extrémité distale est plus large que l’ostium : les points ont-ils été cliqués dans l’ordre (ostium d’abord) ?',
    en: 'the distal end is wider than the ostium: were the points clicked in order (ostium first)?',
  },
  warnVesselTooWide: {
    fr: 'la lumière du vaisseau tracé dépasse le champ de coupe de {mm} mm sur {pct} % de sa longueur (aorte ou cavité ?) : l’analyse est faite pour les artères coronaires, aucune sténose n’est rapportée',
    en: 'the traced vessel’s lumen is wider than the {mm} mm section field over {pct} % of its length (aorta or chamber?): the analysis is made for coronary arteries, no stenosis is reported',
  },
} as const;

export type VesselKey = keyof typeof STRINGS;

export const vt: (lang: Lang, key: VesselKey, params?: MessageParams) => string = pairedCatalogue(STRINGS);

/** A vessel analysis warning in the viewer's words (ostium, distal point), French or English. */
export function vesselWarningText(lang: Lang, w: VesselWarning): string {
  switch (w.code) {
    case 'path-without-contrast': return vt(lang, 'warnPathWithoutContrast', { mm: decimal(w.params.gapMm, 1, lang) });
    case 'seed-off-lumen': return vt(lang, w.params.end === 'proximal' ? 'warnOstiumOffLumen' : 'warnDistalOffLumen', { mm: decimal(w.params.offMm, 2, lang) });
    case 'seeds-swapped': return vt(lang, 'warnSeedsSwapped');
    case 'vessel-too-wide': return vt(lang, 'warnVesselTooWide', { mm: w.params.fieldMm.toFixed(0), pct: w.params.widePct.toFixed(0) });
  }
}
