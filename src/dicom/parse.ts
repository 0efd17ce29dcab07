/**
 * Part-10 parsing (dicom-parser) into a typed header, and classification of a file as
 * image / non-image / error (DicomError with a stable code).
 */
import type { ParsedDicom } from './types.ts';
import { DicomError } from './errors.ts';

export interface ParseOptions {
  /** File name, used in messages only. */
  readonly name?: string;
}

/**
 * Parse a DICOM file. Accepts Part-10 files (preamble + DICM + file meta) and, when the
 * encoding can be recognised, bare data sets without preamble. Inflates deflated data sets.
 * @throws DicomError (`empty-file`, `not-dicom`, `truncated`, `no-transfer-syntax`, …)
 */
export function parseDicom(bytes: Uint8Array, opts: ParseOptions = {}): ParsedDicom {
  void bytes;
  void opts;
  throw new DicomError('internal', {}, 'parseDicom: not implemented yet');
}
