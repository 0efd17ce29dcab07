/** DICOMDIR reading: the referenced files (ReferencedFileID) of every directory record. */

export interface DicomdirEntry {
  /** ReferencedFileID components, e.g. ['98892001', 'CT2N', '6293']. */
  readonly pathComponents: readonly string[];
  readonly recordType: string;
}

/** True when the bytes are a DICOMDIR (Media Storage Directory SOP class). */
export function isDicomdir(bytes: Uint8Array): boolean {
  void bytes;
  return false;
}

/**
 * Read the file references of a DICOMDIR (explicit/implicit LE, explicit BE).
 * @throws DicomError `dicomdir-invalid`
 */
export function readDicomdir(bytes: Uint8Array): DicomdirEntry[] {
  void bytes;
  return [];
}
