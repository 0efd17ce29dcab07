// PS3.10 file assembly: 128-byte preamble, "DICM", file meta group (0002, explicit VR LE), then the data set.
import { ByteWriter, el, encodeDataSet, writeDataSet, type DataSet } from './dataset';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from './uids';

export interface Part10Meta {
  mediaStorageSopClassUid: string;
  mediaStorageSopInstanceUid: string;
  transferSyntaxUid: string;
}

const IMPLICIT_LE = '1.2.840.10008.1.2';

/** The file meta information group, including (0002,0000) FileMetaInformationGroupLength. */
export function fileMetaGroup(meta: Part10Meta): Uint8Array {
  const body = encodeDataSet([
    el(0x00020001, 'OB', new Uint8Array([0, 1])),
    el(0x00020002, 'UI', meta.mediaStorageSopClassUid),
    el(0x00020003, 'UI', meta.mediaStorageSopInstanceUid),
    el(0x00020010, 'UI', meta.transferSyntaxUid),
    el(0x00020012, 'UI', IMPLEMENTATION_CLASS_UID),
    el(0x00020013, 'SH', IMPLEMENTATION_VERSION_NAME),
  ]);
  const w = new ByteWriter(body.length + 12);
  w.tag(0x00020000);
  w.u16(0x4c55); // 'UL'
  w.u16(4);
  w.u32(body.length);
  w.bytes(body);
  return w.toBytes();
}

/** Bytes of a complete Part-10 file. `sizeHint` avoids regrowing the buffer for large pixel data. */
export function encodePart10(meta: Part10Meta, dataset: DataSet, sizeHint = 8192): Uint8Array {
  const w = new ByteWriter(sizeHint + 1024);
  w.zeros(128);
  w.bytes(new Uint8Array([0x44, 0x49, 0x43, 0x4d])); // DICM
  w.bytes(fileMetaGroup(meta));
  writeDataSet(w, dataset, meta.transferSyntaxUid !== IMPLICIT_LE);
  return w.toBytes();
}

/** Length in bytes of preamble + prefix + meta group: where the data set starts in the file. */
export function part10HeaderLength(meta: Part10Meta): number {
  return 132 + fileMetaGroup(meta).length;
}
