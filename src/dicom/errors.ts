/**
 * Errors of the DICOM ingest. Every user-facing failure carries a stable `code`
 * (rendered in French or English by ./messages.ts) and the parameters of its message.
 */

export const DICOM_ERROR_CODES = [
  // file level
  'empty-file',
  'not-dicom',
  'gzip-file',
  'json-file',
  'nifti-file',
  'jpeg-file',
  'no-file-meta',
  'no-transfer-syntax',
  'truncated',
  'pixel-data-length',
  'invalid-value',
  'missing-attribute',
  'unsupported-transfer-syntax',
  'mislabelled-transfer-syntax',
  'decode-failed',
  'unsupported-pixel-format',
  'frame-out-of-range',
  // inputs
  'unreadable-file',
  'path-not-found',
  'zip-error',
  'dicomdir-missing-file',
  'dicomdir-invalid',
  'duplicate-file',
  // series / volume
  'no-images',
  'no-volume-series',
  'not-ct-series',
  'several-series',
  'series-not-found',
  'not-a-volume',
  'volume-sheared',
  'volume-uneven-spacing',
  'volume-inconsistent',
  'internal',
] as const;

export type DicomErrorCode = (typeof DICOM_ERROR_CODES)[number];

export type DicomErrorParams = Readonly<Record<string, string | number>>;

export class DicomError extends Error {
  override readonly name = 'DicomError';
  readonly code: DicomErrorCode;
  readonly params: DicomErrorParams;

  /** `detail` is an English technical message used for logs (the UI renders from code + params). */
  constructor(code: DicomErrorCode, params: DicomErrorParams = {}, detail?: string, options?: { cause?: unknown }) {
    super(detail ?? `${code}${Object.keys(params).length ? ' ' + JSON.stringify(params) : ''}`, options);
    this.code = code;
    this.params = params;
  }
}

/** Wrap anything thrown into a DicomError (unknown failures become `internal`). */
export function toDicomError(e: unknown, fallback: DicomErrorCode = 'internal'): DicomError {
  if (e instanceof DicomError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new DicomError(fallback, { detail: msg }, msg, { cause: e });
}
