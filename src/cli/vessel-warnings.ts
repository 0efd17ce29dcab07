/** The vessel analysis warnings worded for the command line (its --from / --to options), French or English. */
import type { VesselWarning } from '../vessel/warnings.ts';
import type { Lang } from '../i18n/lang.ts';
import { pairedCatalogue } from '../i18n/catalogue.ts';

const OPTION = { proximal: '--from', distal: '--to' } as const;

const say = pairedCatalogue({
  pathWithoutContrast: { fr: 'le chemin traverse {mm} mm sans contraste (occlusion ?)', en: 'the path crosses {mm} mm without contrast (occlusion?)' },
  seedOffLumen: {
    fr: 'le point {option} est à {mm} mm de la lumière : cette extrémité est mesurée sur la coupe de lumière la plus proche',
    en: 'the {option} point is {mm} mm off the lumen: that end is measured from the nearest lumen section',
  },
  seedsSwapped: {
    fr: 'l’extrémité --to est plus large que l’extrémité --from : les points proximal et distal sont-ils inversés ?',
    en: 'the --to end is wider than the --from end: are the proximal and distal points swapped?',
  },
  vesselTooWide: {
    fr: 'la lumière du vaisseau tracé dépasse le champ de coupe de {mm} mm sur {pct} % de sa longueur (aorte ou cavité ?) : l’analyse est faite pour les artères coronaires, aucune sténose n’est rapportée',
    en: 'the traced vessel\'s lumen is wider than the {mm} mm section field over {pct} % of its length (aorta or chamber?): the analysis is made for coronary arteries, no stenosis is reported',
  },
});

export function cliVesselWarning(w: VesselWarning, lang: Lang): string {
  switch (w.code) {
    case 'path-without-contrast': return say(lang, 'pathWithoutContrast', { mm: w.params.gapMm.toFixed(1) });
    case 'seed-off-lumen': return say(lang, 'seedOffLumen', { option: OPTION[w.params.end], mm: w.params.offMm.toFixed(2) });
    case 'seeds-swapped': return say(lang, 'seedsSwapped');
    case 'vessel-too-wide': return say(lang, 'vesselTooWide', { mm: w.params.fieldMm.toFixed(0), pct: w.params.widePct.toFixed(0) });
  }
}
