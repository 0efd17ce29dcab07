/** Errors of the vessel analysis: a stable `code` (for FR/EN messages) and an English detail. */
import type { Lang } from '../i18n/lang.ts';

export const VESSEL_ERROR_CODES = [
  'seed-outside-volume',
  'seed-not-in-vessel',
  'seeds-too-close',
  'no-path',
  'volume-too-small',
] as const;

export type VesselErrorCode = (typeof VESSEL_ERROR_CODES)[number];

export class VesselError extends Error {
  override readonly name = 'VesselError';
  readonly code: VesselErrorCode;
  constructor(code: VesselErrorCode, detail: string) {
    super(detail);
    this.code = code;
  }
}

export function isVesselError(e: unknown): e is VesselError {
  return e instanceof VesselError;
}

const FR: Record<VesselErrorCode, string> = {
  'seed-outside-volume': 'point en dehors du volume',
  'seed-not-in-vessel': 'point hors de toute lumière artérielle opacifiée',
  'seeds-too-close': 'points de départ et d’arrivée trop proches',
  'no-path': 'aucun chemin trouvé le long du vaisseau',
  'volume-too-small': 'volume trop petit pour une analyse de vaisseau',
};

/** A short user-facing message (the English detail already names the point and values). */
export function vesselMessage(e: VesselError, lang: Lang): string {
  return lang === 'fr' ? `${FR[e.code]} (${e.message})` : e.message;
}
