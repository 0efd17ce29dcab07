/** Strings of the coronary tree detection (button, stages, outcomes, proposal marks): FR first, EN. */
import type { Lang } from '../../i18n/index.ts';
import { pairedCatalogue, type MessageParams } from '../../i18n/catalogue.ts';
import type { TreeProgressStage } from '../../tree/worker-api.ts';

export const STRINGS = {
  findTree: { fr: 'Détecter les coronaires', en: 'Find the coronaries' },
  findTreeTitle: {
    fr: 'Trace tout l’arbre coronaire à partir de l’image ; chaque vaisseau est proposé, à vérifier et accepter ou corriger',
    en: 'Traces the whole coronary tree from the image; each vessel is proposed, to check then accept or correct',
  },
  cancel: { fr: 'Annuler', en: 'Cancel' },
  stepOf: { fr: 'Étape {n}/{total} : {stage}', en: 'Step {n}/{total}: {stage}' },
  stage_aorta: { fr: 'aorte', en: 'aorta' },
  stage_ostia: { fr: 'ostia', en: 'ostia' },
  stage_tree: { fr: 'arbre', en: 'tree' },
  stage_labels: { fr: 'étiquettes', en: 'labels' },
  stage_analyse: { fr: 'analyse', en: 'analysis' },
  analyseCount: { fr: '{done}/{total} vaisseaux mesurés', en: '{done}/{total} vessels measured' },
  done: {
    fr: '{count} vaisseaux proposés en {seconds} s : vérifiez chacun, puis acceptez-le ou corrigez-le.',
    en: '{count} vessels proposed in {seconds} s: check each one, then accept or correct it.',
  },
  doneNone: {
    fr: 'Tous les vaisseaux trouvés sont déjà tracés : rien n’a été ajouté.',
    en: 'Every vessel found is already traced: nothing was added.',
  },
  kept: { fr: 'Déjà tracés, conservés tels quels : {names}.', en: 'Already traced, kept as they are: {names}.' },
  failed: { fr: '{count} vaisseau(x) n’ont pas pu être mesurés (voir la liste).', en: '{count} vessel(s) could not be measured (see the list).' },
  dominance: { fr: 'Dominance proposée : {d}.', en: 'Proposed dominance: {d}.' },
  dominance_right: { fr: 'droite', en: 'right' },
  'dominance_left': { fr: 'gauche', en: 'left' },
  'dominance_co-dominant': { fr: 'codominance', en: 'co-dominant' },
  'note_no-aorta': {
    fr: 'Aucune aorte opacifiée trouvée dans les coupes supérieures : les coronaires ne peuvent pas être détectées. Rien n’a été modifié.',
    en: 'No contrast-filled aorta found in the upper slices: the coronaries cannot be found. Nothing was changed.',
  },
  'note_coarse-voxels': {
    fr: 'Résolution insuffisante pour les coronaires (voxels de {mm} mm, il faut au plus {max} mm) : seule l’aorte est trouvée. Rien n’a été modifié.',
    en: 'Resolution too coarse for the coronaries ({mm} mm voxels, at most {max} mm needed): only the aorta is found. Nothing was changed.',
  },
  'note_no-ostium': {
    fr: 'Aucune coronaire ne part de la racine aortique dans cette image. Rien n’a été modifié.',
    en: 'No coronary leaves the aortic root in this image. Nothing was changed.',
  },
  note_leak: {
    fr: 'Une structure brillante trop grande pour une coronaire, au contact de l’aorte, a été écartée.',
    en: 'A bright structure beside the aorta, too large for a coronary, was left out.',
  },
  cancelled: { fr: 'Détection annulée : rien n’a été ajouté.', en: 'Detection cancelled: nothing was added.' },
  lost: {
    fr: 'La détection s’est arrêtée ({reason}) : rien n’est perdu, vous pouvez réessayer.',
    en: 'The detection stopped ({reason}): nothing is lost, you can try again.',
  },
  acceptAll: { fr: 'Tout accepter', en: 'Accept all' },
  proposal_proposed: { fr: 'proposé', en: 'proposed' },
  proposal_accepted: { fr: 'accepté', en: 'accepted' },
  proposal_edited: { fr: 'modifié', en: 'edited' },
  accept: { fr: 'Accepter', en: 'Accept' },
  reportProposed: {
    fr: '{count} vaisseau(x) proposé(s) par la détection automatique, pas encore vérifié(s) : acceptez-les ou corrigez-les.',
    en: '{count} vessel(s) proposed by the automatic detection, not checked yet: accept or correct them.',
  },
} as const;

export type TreeTextKey = keyof typeof STRINGS;

export const tt: (lang: Lang, key: TreeTextKey, params?: MessageParams) => string = pairedCatalogue(STRINGS);

export const stageText = (lang: Lang, s: TreeProgressStage): string => tt(lang, `stage_${s}`);

/** A number with the language's decimal mark. */
export function decimal(lang: Lang, x: number, digits: number): string {
  const s = x.toFixed(digits);
  return lang === 'fr' ? s.replace('.', ',') : s;
}
