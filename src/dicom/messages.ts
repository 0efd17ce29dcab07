/** FR/EN message catalogue for DicomError codes and series problems (UI and CLI render from it). */
import type { DicomErrorCode, DicomErrorParams } from './errors.ts';
import { DicomError } from './errors.ts';
import type { SeriesProblemCode } from './types.ts';

import type { Lang } from '../i18n/lang.ts';
export type MessageCode = DicomErrorCode | SeriesProblemCode;
type P = DicomErrorParams;
type Render = (p: P) => string;

const v = (p: P, k: string, fallback = '?') => String(p[k] ?? fallback);

/** One entry per code, French first. Messages name the transfer syntax when it is the cause. */
export const MESSAGES: Readonly<Record<MessageCode, { readonly fr: Render; readonly en: Render }>> = {
  'empty-file': { fr: () => 'fichier vide (0 octet)', en: () => 'empty file (0 bytes)' },
  'not-dicom': { fr: () => "ce n'est pas un fichier DICOM (ni préambule « DICM », ni jeu de données reconnaissable)", en: () => 'not a DICOM file (no "DICM" prefix and no recognisable data set)' },
  'gzip-file': { fr: () => 'fichier compressé gzip, pas un DICOM : décompressez-le d’abord', en: () => 'gzip-compressed file, not DICOM: unzip it first' },
  'json-file': { fr: () => 'texte JSON (modèle DICOM JSON ?), pas un fichier DICOM Part 10', en: () => 'JSON text (DICOM JSON model?), not a DICOM Part 10 file' },
  'nifti-file': { fr: () => 'image NIfTI, pas un DICOM : ce visualiseur lit le DICOM', en: () => 'NIfTI image, not DICOM: this viewer reads DICOM' },
  'jpeg-file': { fr: () => 'image JPEG ordinaire, pas un DICOM', en: () => 'a plain JPEG picture, not DICOM' },
  'no-file-meta': { fr: () => 'fichier DICOM sans en-tête Part 10 (préambule, « DICM », méta-information) et sans image', en: () => 'DICOM data set without a Part 10 header (preamble, "DICM", file meta) and without an image' },
  'no-transfer-syntax': { fr: () => 'la méta-information du fichier n’indique pas la syntaxe de transfert (0002,0010)', en: () => 'the file meta information has no Transfer Syntax UID (0002,0010)' },
  truncated: { fr: () => 'fichier tronqué ou corrompu : il se termine au milieu des données', en: () => 'truncated or corrupt file: it ends in the middle of its data' },
  'pixel-data-length': { fr: (p) => `données de pixels incomplètes : ${v(p, 'have')} octets présents, ${v(p, 'need')} attendus d’après l’en-tête`, en: (p) => `incomplete pixel data: ${v(p, 'have')} bytes present, ${v(p, 'need')} expected from the header` },
  'invalid-value': { fr: (p) => `valeur invalide pour ${v(p, 'attribute')} : « ${v(p, 'value')} »`, en: (p) => `invalid value for ${v(p, 'attribute')}: "${v(p, 'value')}"` },
  'missing-attribute': { fr: (p) => `attribut obligatoire absent : ${v(p, 'attribute')}`, en: (p) => `required attribute missing: ${v(p, 'attribute')}` },
  'unsupported-transfer-syntax': { fr: (p) => `syntaxe de transfert non décodable : ${v(p, 'syntax')}${p.detail ? ` (${p.detail})` : ''}`, en: (p) => `transfer syntax not decodable: ${v(p, 'syntax')}${p.detail ? ` (${p.detail})` : ''}` },
  'mislabelled-transfer-syntax': { fr: (p) => `syntaxe de transfert erronée : le fichier annonce ${v(p, 'syntax')} mais ses pixels sont codés autrement`, en: (p) => `mislabelled transfer syntax: the file says ${v(p, 'syntax')} but its pixels are encoded otherwise` },
  'decode-failed': { fr: (p) => `échec du décodage des pixels (${v(p, 'syntax')})${p.detail ? ` : ${p.detail}` : ''}`, en: (p) => `pixel decoding failed (${v(p, 'syntax')})${p.detail ? `: ${p.detail}` : ''}` },
  'unsupported-pixel-format': { fr: (p) => `format de pixel non pris en charge (BitsAllocated ${v(p, 'bitsAllocated')})`, en: (p) => `unsupported pixel format (BitsAllocated ${v(p, 'bitsAllocated')})` },
  'frame-out-of-range': { fr: (p) => `image ${v(p, 'frame')} inexistante (le fichier en contient ${v(p, 'frames')})`, en: (p) => `frame ${v(p, 'frame')} does not exist (the file has ${v(p, 'frames')})` },
  'unreadable-file': { fr: (p) => `fichier illisible${p.detail ? ` : ${p.detail}` : ''}`, en: (p) => `unreadable file${p.detail ? `: ${p.detail}` : ''}` },
  'path-not-found': { fr: (p) => `chemin introuvable : ${v(p, 'path')}`, en: (p) => `no such file or folder: ${v(p, 'path')}` },
  'zip-error': { fr: (p) => `archive .zip illisible${p.detail ? ` : ${p.detail}` : ''}`, en: (p) => `unreadable .zip archive${p.detail ? `: ${p.detail}` : ''}` },
  'dicomdir-missing-file': { fr: (p) => `fichier référencé par le DICOMDIR absent : ${v(p, 'file')}`, en: (p) => `file referenced by the DICOMDIR is missing: ${v(p, 'file')}` },
  'dicomdir-invalid': { fr: () => 'DICOMDIR illisible', en: () => 'unreadable DICOMDIR' },
  'duplicate-file': { fr: (p) => `fichier en double : ${v(p, 'file')}`, en: (p) => `duplicate file: ${v(p, 'file')}` },
  'no-images': { fr: (p) => `aucune image DICOM lisible (${v(p, 'skipped', '0')} fichier(s) ignoré(s))`, en: (p) => `no readable DICOM image (${v(p, 'skipped', '0')} file(s) skipped)` },
  'no-volume-series': {
    fr: (p) => `aucune série ne forme un volume (il faut une pile d’au moins deux coupes parallèles)${p.found ? ` ; trouvé : ${v(p, 'found')}` : ''}`,
    en: (p) => `no series forms a volume (a stack of at least two parallel slices is needed)${p.found ? `; found: ${v(p, 'found')}` : ''}`,
  },
  'not-ct-series': {
    fr: (p) => `la série ${v(p, 'series')} est en ${v(p, 'modality')}, pas un scanner : les mesures coronaires demandent des unités Hounsfield (CT)`,
    en: (p) => `series ${v(p, 'series')} is ${v(p, 'modality')}, not CT: coronary measurements need Hounsfield units (CT)`,
  },
  'several-series': { fr: (p) => `plusieurs séries possibles, choisissez-en une avec --series UID : ${v(p, 'candidates')}`, en: (p) => `several candidate series, choose one with --series UID: ${v(p, 'candidates')}` },
  'series-not-found': { fr: (p) => `série ${v(p, 'series')} introuvable (disponibles : ${v(p, 'available')})`, en: (p) => `series ${v(p, 'series')} not found (available: ${v(p, 'available')})` },
  'not-a-volume': { fr: (p) => `la série ne forme pas un volume (${v(p, 'reason', 'coupes insuffisantes')})`, en: (p) => `the series does not form a volume (${v(p, 'reason', 'not enough slices')})` },
  'volume-sheared': { fr: (p) => `pile de coupes cisaillée (inclinaison du statif ${v(p, 'angleDeg')}°) : volume refusé`, en: (p) => `sheared stack (gantry tilt ${v(p, 'angleDeg')}°): volume refused` },
  'volume-uneven-spacing': { fr: (p) => `espacement des coupes irrégulier (${v(p, 'minMm')} à ${v(p, 'maxMm')} mm) : volume refusé`, en: (p) => `uneven slice spacing (${v(p, 'minMm')} to ${v(p, 'maxMm')} mm): volume refused` },
  'volume-inconsistent': { fr: () => 'coupes incohérentes avec la géométrie de la série', en: () => 'slices inconsistent with the series geometry' },
  internal: { fr: (p) => `erreur interne${p.detail ? ` : ${p.detail}` : ''}`, en: (p) => `internal error${p.detail ? `: ${p.detail}` : ''}` },
  // series problems
  'single-image': { fr: () => 'une seule image', en: () => 'single image' },
  'multi-frame': { fr: (p) => `objet multi-images (${v(p, 'frames')} images)`, en: (p) => `multi-frame object (${v(p, 'frames')} frames)` },
  'uneven-spacing': { fr: (p) => `espacement des coupes irrégulier : ${v(p, 'minMm')} à ${v(p, 'maxMm')} mm`, en: (p) => `uneven slice spacing: ${v(p, 'minMm')} to ${v(p, 'maxMm')} mm` },
  gap: { fr: (p) => `coupe(s) manquante(s) : ${v(p, 'count')} saut(s) jusqu’à ${v(p, 'maxStepMm')} mm (pas habituel ${v(p, 'spacingMm')} mm)`, en: (p) => `missing slice(s): ${v(p, 'count')} gap(s) up to ${v(p, 'maxStepMm')} mm (usual step ${v(p, 'spacingMm')} mm)` },
  'duplicate-position': { fr: (p) => `${v(p, 'count')} coupe(s) à une position déjà occupée${p.dropped ? ' (ignorées)' : ''}`, en: (p) => `${v(p, 'count')} slice(s) at an already used position${p.dropped ? ' (dropped)' : ''}` },
  'varying-orientation': { fr: () => 'l’orientation change d’une coupe à l’autre : pas de volume', en: () => 'orientation varies between slices: not a volume' },
  'varying-size': { fr: (p) => `tailles d’image différentes (${v(p, 'sizes')}) : pas de volume`, en: (p) => `image sizes differ (${v(p, 'sizes')}): not a volume` },
  sheared: {
    fr: (p) => `pile cisaillée (inclinaison du statif ${v(p, 'angleDeg')}°, décalage dans le plan ${v(p, 'driftMm')} mm)`,
    en: (p) => `sheared stack (gantry tilt ${v(p, 'angleDeg')}°, in-plane drift ${v(p, 'driftMm')} mm)`,
  },
  'missing-geometry': { fr: () => 'position ou orientation des coupes absente', en: () => 'slice position or orientation missing' },
  'non-square-pixels': { fr: (p) => `pixels non carrés (${v(p, 'rowMm')} × ${v(p, 'columnMm')} mm)`, en: (p) => `non-square pixels (${v(p, 'rowMm')} × ${v(p, 'columnMm')} mm)` },
  'no-series-uid': { fr: () => 'SeriesInstanceUID vide : série regroupée par référentiel, orientation, taille et description', en: () => 'empty SeriesInstanceUID: series grouped by frame of reference, orientation, size and description' },
  'modality-lut-ignored': { fr: () => 'table LUT de modalité présente mais non appliquée (valeurs brutes affichées)', en: () => 'Modality LUT present but not applied (raw values shown)' },
  lossy: { fr: (p) => `compression avec perte (${v(p, 'syntax')})`, en: (p) => `lossy compression (${v(p, 'syntax')})` },
  'not-ct': { fr: (p) => `pas un scanner (modalité ${v(p, 'modality')})`, en: (p) => `not CT (modality ${v(p, 'modality')})` },
  'undecodable-syntax': { fr: (p) => `syntaxe de transfert non décodable : ${v(p, 'syntax')}`, en: (p) => `transfer syntax not decodable: ${v(p, 'syntax')}` },
  resampled: { fr: (p) => `volume rééchantillonné sur une grille régulière (${v(p, 'reason')}, pas ${v(p, 'spacingMm')} mm)`, en: (p) => `volume resampled onto a regular grid (${v(p, 'reason')}, step ${v(p, 'spacingMm')} mm)` },
};

/** Render a code (with its params) in a language. */
export function dicomMessage(code: MessageCode, params: DicomErrorParams, lang: Lang): string {
  const entry = MESSAGES[code];
  if (!entry) return code;
  // A `reason` that is itself a code (e.g. not-a-volume because of varying-orientation) is rendered too.
  const reason = params.reason;
  const inner = typeof reason === 'string' && reason !== code ? MESSAGES[reason as MessageCode] : undefined;
  return entry[lang](inner ? { ...params, reason: inner[lang](params) } : params);
}

/** Render any thrown value for a user: DicomErrors through the catalogue, others as `internal`. */
export function errorMessage(e: unknown, lang: Lang): string {
  if (e instanceof DicomError) return dicomMessage(e.code, e.params, lang);
  return dicomMessage('internal', { detail: e instanceof Error ? e.message : String(e) }, lang);
}
