/**
 * CAD-RADS 2.0 interpretation and management wording (stable chest pain, Cury et al. 2022, Table 3 and the
 * plaque-burden / HRP recommendations), in French and English. These are proposals the reader can edit.
 */
import type { CadRadsCategory, CadRadsModifier, PlaqueBurden } from './cadrads.ts';

import type { Lang } from '../i18n/lang.ts';

interface Wording {
  readonly interpretation: string;
  readonly management: string;
}

const CATEGORY_WORDING: Record<Lang, Record<CadRadsCategory, Wording>> = {
  en: {
    '0': {
      interpretation: 'Absence of coronary artery disease (0 %, no plaque).',
      management: 'No further cardiac investigation. Reassurance; consider non-atherosclerotic causes of chest pain.',
    },
    '1': {
      interpretation: 'Minimal non-obstructive coronary artery disease (1–24 %).',
      management:
        'No further cardiac investigation. Consider non-atherosclerotic causes of chest pain; ' +
        'preventive therapy and risk-factor modification.',
    },
    '2': {
      interpretation: 'Mild non-obstructive coronary artery disease (25–49 %).',
      management:
        'No further cardiac investigation. Consider non-atherosclerotic causes of chest pain; ' +
        'preventive therapy and risk-factor modification.',
    },
    '3': {
      interpretation: 'Moderate stenosis (50–69 %).',
      management:
        'Consider functional assessment (stress imaging or FFR-CT). Symptom-guided anti-ischaemic and preventive ' +
        'pharmacotherapy and risk-factor modification per guideline-directed care.',
    },
    '4A': {
      interpretation: 'Severe stenosis (70–99 %).',
      management:
        'Consider invasive coronary angiography or functional assessment. Anti-ischaemic and preventive ' +
        'pharmacotherapy, risk-factor modification; revascularisation per guideline-directed care.',
    },
    '4B': {
      interpretation: 'Left main stenosis ≥ 50 % or three-vessel obstructive disease (≥ 70 %).',
      management:
        'Invasive coronary angiography is recommended. Anti-ischaemic and preventive pharmacotherapy, ' +
        'risk-factor modification; revascularisation per guideline-directed care.',
    },
    '5': {
      interpretation: 'Total coronary occlusion (100 %).',
      management:
        'Consider invasive coronary angiography and/or viability assessment. Anti-ischaemic and preventive ' +
        'pharmacotherapy, risk-factor modification; revascularisation per guideline-directed care.',
    },
    N: {
      interpretation: 'Non-diagnostic study: obstructive coronary artery disease cannot be excluded.',
      management: 'Additional or alternative evaluation may be needed.',
    },
  },
  fr: {
    '0': {
      interpretation: 'Absence de maladie coronaire (0 %, pas de plaque).',
      management:
        "Pas d'exploration cardiaque supplémentaire. Réassurance ; envisager une cause non athéromateuse " +
        'de la douleur thoracique.',
    },
    '1': {
      interpretation: 'Maladie coronaire minime non obstructive (1–24 %).',
      management:
        "Pas d'exploration cardiaque supplémentaire. Envisager une cause non athéromateuse de la douleur " +
        'thoracique ; traitement préventif et contrôle des facteurs de risque.',
    },
    '2': {
      interpretation: 'Maladie coronaire légère non obstructive (25–49 %).',
      management:
        "Pas d'exploration cardiaque supplémentaire. Envisager une cause non athéromateuse de la douleur " +
        'thoracique ; traitement préventif et contrôle des facteurs de risque.',
    },
    '3': {
      interpretation: 'Sténose modérée (50–69 %).',
      management:
        "Envisager un test fonctionnel (imagerie de stress ou FFR-CT). Traitement anti-ischémique selon les " +
        'symptômes, traitement préventif et contrôle des facteurs de risque selon les recommandations.',
    },
    '4A': {
      interpretation: 'Sténose sévère (70–99 %).',
      management:
        'Envisager une coronarographie invasive ou un test fonctionnel. Traitement anti-ischémique et préventif, ' +
        'contrôle des facteurs de risque ; revascularisation selon les recommandations.',
    },
    '4B': {
      interpretation: 'Sténose du tronc commun ≥ 50 % ou atteinte obstructive des trois vaisseaux (≥ 70 %).',
      management:
        'Coronarographie invasive recommandée. Traitement anti-ischémique et préventif, contrôle des facteurs ' +
        'de risque ; revascularisation selon les recommandations.',
    },
    '5': {
      interpretation: 'Occlusion coronaire totale (100 %).',
      management:
        'Envisager une coronarographie invasive et/ou une recherche de viabilité. Traitement anti-ischémique et ' +
        'préventif, contrôle des facteurs de risque ; revascularisation selon les recommandations.',
    },
    N: {
      interpretation: "Examen non diagnostique : une maladie coronaire obstructive ne peut pas être exclue.",
      management: 'Une exploration complémentaire ou alternative peut être nécessaire.',
    },
  },
};

const BURDEN_WORDING: Record<Lang, Record<PlaqueBurden, string>> = {
  en: {
    P1: 'Mild plaque burden (P1).',
    P2: 'Moderate plaque burden (P2).',
    P3: 'Severe plaque burden (P3): intensive preventive therapy and risk-factor modification.',
    P4: 'Extensive plaque burden (P4): intensive preventive therapy and risk-factor modification.',
  },
  fr: {
    P1: 'Charge plaque légère (P1).',
    P2: 'Charge plaque modérée (P2).',
    P3: 'Charge plaque sévère (P3) : traitement préventif intensif et contrôle des facteurs de risque.',
    P4: 'Charge plaque très étendue (P4) : traitement préventif intensif et contrôle des facteurs de risque.',
  },
};

const MODIFIER_WORDING: Record<Lang, Partial<Record<CadRadsModifier, string>>> = {
  en: {
    HRP: 'High-risk plaque (HRP): consider more intensive preventive therapy.',
    'I+': 'Ischaemia on functional testing (I+).',
    'I-': 'No ischaemia on functional testing (I-).',
    'I±': 'Borderline ischaemia on functional testing (I±).',
    S: 'Coronary stent(s) present (S).',
    G: 'Coronary bypass graft(s) present (G).',
    E: 'Exception (E): non-atherosclerotic finding, see report.',
    N: 'One or more non-diagnostic segments (N).',
  },
  fr: {
    HRP: "Plaque à haut risque (HRP) : envisager un traitement préventif plus intensif.",
    'I+': 'Ischémie au test fonctionnel (I+).',
    'I-': "Pas d'ischémie au test fonctionnel (I-).",
    'I±': 'Ischémie douteuse au test fonctionnel (I±).',
    S: 'Stent(s) coronaire(s) (S).',
    G: 'Pontage(s) coronaire(s) (G).',
    E: 'Exception (E) : anomalie non athéromateuse, voir le compte-rendu.',
    N: 'Un ou plusieurs segments non analysables (N).',
  },
};

export function interpretationText(category: CadRadsCategory, lang: Lang): string {
  return CATEGORY_WORDING[lang][category].interpretation;
}

/** Management lines: category wording, then P, then modifiers. */
export function managementLines(
  category: CadRadsCategory,
  plaqueBurden: PlaqueBurden | null,
  modifiers: readonly CadRadsModifier[],
  lang: Lang,
): string[] {
  const lines = [CATEGORY_WORDING[lang][category].management];
  if (plaqueBurden) lines.push(BURDEN_WORDING[lang][plaqueBurden]);
  for (const m of modifiers) {
    const w = MODIFIER_WORDING[lang][m];
    if (w) lines.push(w);
  }
  return lines;
}
