/** Errors of the DICOMweb client, each with a stable code the UI shows in French or English. */
import type { Lang } from '../i18n/lang.ts';
import { pairedCatalogue } from '../i18n/catalogue.ts';

export type PacsErrorCode =
  | 'bad-url'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'http'
  | 'network'
  | 'aborted'
  | 'bad-response'
  | 'store-failed'
  | 'read-only';

export class PacsError extends Error {
  readonly code: PacsErrorCode;
  readonly status: number | undefined;
  constructor(code: PacsErrorCode, message: string, status?: number) {
    super(message);
    this.name = 'PacsError';
    this.code = code;
    this.status = status;
  }
}

export const isPacsError = (e: unknown): e is PacsError => e instanceof PacsError;

/** A rejected fetch or a broken stream, aborts kept apart (the user cancelled). */
export function networkError(e: unknown, signal?: AbortSignal): PacsError {
  if (isPacsError(e)) return e;
  if (signal?.aborted || (e instanceof Error && e.name === 'AbortError')) return new PacsError('aborted', 'cancelled');
  return new PacsError('network', e instanceof Error ? e.message : String(e));
}

export function httpError(status: number, what: string): PacsError {
  if (status === 401) return new PacsError('unauthorized', `${what}: HTTP 401`, status);
  if (status === 403) return new PacsError('forbidden', `${what}: HTTP 403`, status);
  if (status === 404) return new PacsError('not-found', `${what}: HTTP 404`, status);
  // a gateway in front of the PACS that cannot reach it: the server is down, as for a refused connection
  if (status === 502 || status === 503 || status === 504) return new PacsError('network', `${what}: HTTP ${status}`, status);
  return new PacsError('http', `${what}: HTTP ${status}`, status);
}

const MESSAGES: Record<PacsErrorCode, Record<Lang, string>> = {
  'bad-url': { fr: 'Adresse DICOMweb invalide (http:// ou https://, ou un chemin /…).', en: 'Invalid DICOMweb address (http:// or https://, or a /… path).' },
  unauthorized: { fr: 'Le PACS demande une identification : saisissez l’utilisateur et le mot de passe (ou le jeton).', en: 'The PACS asks for credentials: enter the user and password (or the token).' },
  forbidden: { fr: 'Le PACS refuse l’accès avec ces identifiants : vérifiez-les.', en: 'The PACS refuses access with these credentials: check them.' },
  'not-found': { fr: 'Introuvable sur le PACS (étude ou adresse DICOMweb erronée).', en: 'Not found on the PACS (wrong study or DICOMweb address).' },
  http: { fr: 'Le PACS a répondu par une erreur ({detail}).', en: 'The PACS answered with an error ({detail}).' },
  network: { fr: 'Connexion au PACS perdue ou impossible. Ce qui est déjà reçu est gardé : « Réessayer » reprend.', en: 'Connection to the PACS lost or impossible. What was received is kept: “Retry” resumes.' },
  aborted: { fr: 'Chargement annulé. Ce qui est déjà reçu est gardé : « Réessayer » reprend.', en: 'Loading cancelled. What was received is kept: “Retry” resumes.' },
  'bad-response': { fr: 'Réponse du PACS illisible ({detail}).', en: 'Unreadable answer from the PACS ({detail}).' },
  'store-failed': { fr: 'Le PACS n’a pas enregistré le compte rendu ({detail}).', en: 'The PACS did not store the report ({detail}).' },
  'read-only': { fr: 'Ces études sont des fichiers statiques (lecture seule) : le compte rendu ne peut pas y être envoyé. Exportez-le depuis le compte rendu.', en: 'These studies are static files (read-only): the report cannot be sent there. Export it from the report.' },
};
const message = pairedCatalogue(MESSAGES);

/** The user's message for an error (any error: non-PACS errors show their own text). */
export function pacsMessage(e: unknown, lang: Lang): string {
  if (!isPacsError(e)) return e instanceof Error ? e.message : String(e);
  return message(lang, e.code, { detail: e.message });
}
