// Words that tell the UI's two languages apart, built from the catalogues: a word of the French strings that no
// English string uses is French (and the other way round), plus a short list of common words the catalogues may
// not hold. `foreignWords` finds, in a text shown in one language, the words of the other one; `foreignDecimals`
// finds numbers written with the other language's decimal mark.
import { fr as appFr } from '../../src/i18n/fr.ts';
import { en as appEn } from '../../src/i18n/en.ts';
import { catalogues as review } from '../../src/i18n/review.ts';
import { catalogues as robustness } from '../../src/i18n/robustness.ts';
import { catalogues as report } from '../../src/ui/report/report-i18n.ts';
import { fr as offlineFr, en as offlineEn } from '../../src/ui/offline/messages.ts';
import { STRINGS as vesselStrings } from '../../src/ui/vessel/vessel-i18n.ts';
import { STRINGS as pacsStrings } from '../../src/ui/pacs/pacs-i18n.ts';
import { STRINGS as treeStrings } from '../../src/ui/vessel/tree-i18n.ts';
import { MESSAGES as dicomMessages } from '../../src/dicom/messages.ts';
import { SHORT as shortNames } from '../../src/ui/vessel/vessel-short-names.ts';
import { FR as reportFr } from '../../src/report/text-fr.ts';
import { EN as reportEn } from '../../src/report/text-en.ts';
import { segmentName, vesselLabel, VESSEL_NAMES } from '../../src/report/segments.ts';
import { interpretationText, managementLines } from '../../src/report/management.ts';
import { CATEGORIES, MODIFIERS, PLAQUE_BURDENS } from '../../src/report/cadrads.ts';
import { WORK_ERROR_CODES, workMessage } from '../../src/report/work-errors.ts';
import type { Lang } from '../../src/i18n/lang.ts';

/** Every string leaf of a catalogue object (nested objects included). */
function leaves(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  if (x && typeof x === 'object') return Object.values(x).flatMap(leaves);
  return [];
}

/** The leaves of the `lang` side of an object keyed by message, each message holding { fr, en }. */
const side = (x: Readonly<Record<string, Readonly<Record<Lang, string>>>>, lang: Lang) => Object.values(x).map((m) => m[lang]);

const anyParams = new Proxy({}, { get: () => '' }) as Record<string, string>;

function catalogueStrings(lang: Lang): string[] {
  const cats = lang === 'fr'
    ? [appFr, review.fr, robustness.fr, report.fr, offlineFr, shortNames.fr, reportFr]
    : [appEn, review.en, robustness.en, report.en, offlineEn, shortNames.en, reportEn];
  return [
    ...cats.flatMap(leaves),
    ...side(vesselStrings, lang), ...side(pacsStrings, lang), ...side(treeStrings, lang),
    ...Object.values(dicomMessages).map((m) => m[lang](anyParams)),
    ...Array.from({ length: 18 }, (_, i) => segmentName(i + 1, lang)),
    ...VESSEL_NAMES.map((v) => vesselLabel(v, lang)),
    ...CATEGORIES.flatMap((c) => [interpretationText(c, lang), ...managementLines(c, null, MODIFIERS, lang)]),
    ...PLAQUE_BURDENS.flatMap((p) => managementLines('2', p, [], lang)),
    ...WORK_ERROR_CODES.map((c) => workMessage(c, anyParams, lang)),
  ];
}

/**
 * The catalogue files read above (paths from the repository root): a new catalogue must be added here, or its words
 * would be taken for the other language's (the walk checks that none is missing).
 */
export const CATALOGUE_FILES = [
  'src/i18n/fr.ts', 'src/i18n/en.ts', 'src/i18n/review.ts', 'src/i18n/robustness.ts', 'src/ui/report/report-i18n.ts',
  'src/ui/offline/messages.ts', 'src/ui/vessel/vessel-i18n.ts', 'src/ui/pacs/pacs-i18n.ts', 'src/ui/vessel/tree-i18n.ts',
  'src/ui/vessel/vessel-short-names.ts', 'src/report/text-fr.ts', 'src/report/text-en.ts', 'src/report/segments.ts',
  'src/report/management.ts', 'src/report/work-errors.ts', 'src/dicom/messages.ts',
] as const;

/** Words the catalogues may not hold (function words, browser messages that leak into the UI). */
const KNOWN: Readonly<Record<Lang, readonly string[]>> = {
  fr: ['le', 'la', 'les', 'des', 'du', 'un', 'une', 'et', 'ou', 'avec', 'sans', 'pour', 'dans', 'sur', 'est', 'sont', 'aucun', 'aucune', 'échec', 'erreur', 'coupe', 'fermer', 'ouvrir', 'enregistré'],
  en: ['the', 'and', 'with', 'without', 'for', 'from', 'into', 'is', 'are', 'none', 'failed', 'fetch', 'error', 'slice', 'close', 'open', 'saved', 'unknown', 'network'],
};

const words = (s: string): string[] => s.toLowerCase().normalize('NFC').match(/\p{L}+/gu) ?? [];

/** Letter-words of one language that the other language's catalogues never use. */
export function languageWords(): Readonly<Record<Lang, ReadonlySet<string>>> {
  const of = (lang: Lang) => new Set([...catalogueStrings(lang).flatMap(words), ...KNOWN[lang]]);
  const fr = of('fr'), en = of('en');
  const only = (a: Set<string>, b: Set<string>) => new Set([...a].filter((w) => !b.has(w) && w.length >= 2));
  return { fr: only(fr, en), en: only(en, fr) };
}

/** Words of `text` that belong to the other language than `lang`. */
export function foreignWords(text: string, lang: Lang, sets: Readonly<Record<Lang, ReadonlySet<string>>>): string[] {
  const other = sets[lang === 'fr' ? 'en' : 'fr'];
  return words(text).filter((w) => other.has(w));
}

/**
 * Numbers written with the other language's decimal mark: "63.9" in French, "63,9" in English. Dotted runs of
 * three numbers or more (UIDs, versions, dates), the name "CAD-RADS 2.0" and Medina classes are not decimals.
 */
export function foreignDecimals(text: string, lang: Lang): string[] {
  // a version in a name is not a decimal ("CAD-RADS 2.0"), nor a Medina class ("Medina 1,1,?"), in both languages
  const runs = text.replace(/CAD-RADS 2\.0|Medina [01?],[01?],[01?]/g, '').match(/\d+(?:[.,]\d+)+/g) ?? [];
  return runs.filter((r) => {
    if ((r.match(/[.,]/g) ?? []).length > 1) return false;
    return lang === 'fr' ? r.includes('.') : r.includes(',');
  });
}
