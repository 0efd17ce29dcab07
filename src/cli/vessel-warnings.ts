/** The vessel analysis warnings worded for the command line (its --from / --to options), French or English. */
import type { VesselWarning } from '../vessel/warnings.ts';
import type { Lang } from '../dicom/messages.ts';

const OPTION = { proximal: '--from', distal: '--to' } as const;

export function cliVesselWarning(w: VesselWarning, lang: Lang): string {
  switch (w.code) {
    case 'path-without-contrast': {
      const mm = w.params.gapMm.toFixed(1);
      return lang === 'fr' ? `le chemin traverse ${mm} mm sans contraste (occlusion ?)` : `the path crosses ${mm} mm without contrast (occlusion?)`;
    }
    case 'seed-off-lumen': {
      const mm = w.params.offMm.toFixed(2), opt = OPTION[w.params.end];
      return lang === 'fr'
        ? `le point ${opt} est à ${mm} mm de la lumière : cette extrémité est mesurée sur la coupe de lumière la plus proche`
        : `the ${opt} point is ${mm} mm off the lumen: that end is measured from the nearest lumen section`;
    }
    case 'seeds-swapped':
      return lang === 'fr'
        ? 'l’extrémité --to est plus large que l’extrémité --from : les points proximal et distal sont-ils inversés ?'
        : 'the --to end is wider than the --from end: are the proximal and distal points swapped?';
    case 'vessel-too-wide': {
      const mm = w.params.fieldMm.toFixed(0), pct = w.params.widePct.toFixed(0);
      return lang === 'fr'
        ? `la lumière du vaisseau tracé dépasse le champ de coupe de ${mm} mm sur ${pct} % de sa longueur (aorte ou cavité ?) : l’analyse est faite pour les artères coronaires, aucune sténose n’est rapportée`
        : `the traced vessel's lumen is wider than the ${mm} mm section field over ${pct} % of its length (aorta or chamber?): the analysis is made for coronary arteries, no stenosis is reported`;
    }
  }
}
