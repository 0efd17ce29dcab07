/**
 * Errors of saved-work import/export and answer-key comparison. Each carries a stable `code` and params;
 * `workMessage()` renders it in French or English (plain text: the UI sets it with textContent).
 */
import type { Lang } from '../i18n/lang.ts';

export const WORK_ERROR_CODES = [
  'work-too-large',
  'work-not-json',
  'work-wrong-schema',
  'work-wrong-version',
  'work-other-study',
  'work-unknown-field',
  'work-invalid-field',
  'work-storage-full',
] as const;
export type WorkErrorCode = (typeof WORK_ERROR_CODES)[number];
export type WorkErrorParams = Readonly<Record<string, string | number>>;

export class WorkError extends Error {
  override readonly name = 'WorkError';
  readonly code: WorkErrorCode;
  readonly params: WorkErrorParams;
  constructor(code: WorkErrorCode, params: WorkErrorParams = {}) {
    super(workMessage(code, params, 'en'));
    this.code = code;
    this.params = params;
  }
}

export function isWorkError(e: unknown): e is WorkError {
  return e instanceof WorkError;
}

type Template = (p: WorkErrorParams) => string;
const MESSAGES: Record<Lang, Record<WorkErrorCode, Template>> = {
  en: {
    'work-too-large': (p) => `The file is too large (${mb(p.bytes)} MB; at most ${mb(p.maxBytes)} MB). Nothing was imported.`,
    'work-not-json': (p) => `The file is not valid JSON (${p.detail}). Nothing was imported.`,
    'work-wrong-schema': (p) => `This is not a saved-work file of this viewer (schema "${p.found}"). Nothing was imported.`,
    'work-wrong-version': (p) =>
      `Unsupported saved-work version ${p.found} (this viewer reads version ${p.expected}). Nothing was imported.`,
    'work-other-study': (p) =>
      `This work belongs to another study (${p.found}), not the open one (${p.expected}). Nothing was imported.`,
    'work-unknown-field': (p) => `Unknown field "${p.path}" in the file. Nothing was imported.`,
    'work-invalid-field': (p) => `Invalid value at "${p.path}": ${p.expected} expected. Nothing was imported.`,
    'work-storage-full': () =>
      'The browser\'s storage is full: this version of the work was not saved here; the version saved before is intact. Nothing is lost while the page stays open: export the work (JSON), or free space (other sites\' data, studies kept offline) and change anything to save again.',
  },
  fr: {
    'work-too-large': (p) =>
      `Fichier trop volumineux (${mb(p.bytes)} Mo ; ${mb(p.maxBytes)} Mo au plus). Rien n'a été importé.`,
    'work-not-json': (p) => `Le fichier n'est pas un JSON valide (${p.detail}). Rien n'a été importé.`,
    'work-wrong-schema': (p) =>
      `Ce fichier n'est pas un travail enregistré de cette visionneuse (schéma « ${p.found} »). Rien n'a été importé.`,
    'work-wrong-version': (p) =>
      `Version ${p.found} du travail enregistré non prise en charge (version lue : ${p.expected}). Rien n'a été importé.`,
    'work-other-study': (p) =>
      `Ce travail concerne une autre étude (${p.found}), pas celle qui est ouverte (${p.expected}). Rien n'a été importé.`,
    'work-unknown-field': (p) => `Champ inconnu « ${p.path} » dans le fichier. Rien n'a été importé.`,
    'work-invalid-field': (p) => `Valeur invalide pour « ${p.path} » : ${p.expected} attendu. Rien n'a été importé.`,
    'work-storage-full': () =>
      "Stockage du navigateur plein : cette version du travail n'a pas été enregistrée ici ; la version enregistrée avant est intacte. Rien n'est perdu tant que la page reste ouverte : exportez le travail (JSON), ou libérez de l'espace (données d'autres sites, études gardées hors ligne) puis modifiez quoi que ce soit pour enregistrer à nouveau.",
  },
};

function mb(v: string | number | undefined): string {
  return (Number(v ?? 0) / (1024 * 1024)).toFixed(1);
}

export function workMessage(code: WorkErrorCode, params: WorkErrorParams, lang: Lang): string {
  return MESSAGES[lang][code](params);
}
