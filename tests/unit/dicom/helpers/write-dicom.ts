/**
 * Minimal Part-10 writer (Explicit VR Little Endian) for synthetic test files.
 * Tags as [group, element]; values: strings (padded to even length) or typed arrays.
 */
export type Vr = 'CS' | 'DS' | 'IS' | 'UI' | 'LO' | 'SH' | 'US' | 'OW' | 'OB' | 'UL' | 'PN' | 'DA';
export interface El {
  readonly tag: readonly [number, number];
  readonly vr: Vr;
  readonly value: string | Uint16Array | Int16Array | Uint8Array | number;
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

function encodeValue(e: El): Uint8Array {
  if (typeof e.value === 'number') {
    const b = new Uint8Array(e.vr === 'UL' ? 4 : 2);
    const dv = new DataView(b.buffer);
    if (e.vr === 'UL') dv.setUint32(0, e.value, true);
    else dv.setUint16(0, e.value, true);
    return b;
  }
  if (typeof e.value === 'string') {
    let s = e.value;
    if (s.length % 2) s += e.vr === 'UI' ? '\0' : ' ';
    return new TextEncoder().encode(s);
  }
  const v = e.value;
  const b = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (b.length % 2) {
    const p = new Uint8Array(b.length + 1);
    p.set(b);
    return p;
  }
  return b;
}

function encodeElement(e: El): Uint8Array {
  const val = encodeValue(e);
  const long = LONG_VRS.has(e.vr);
  const head = new Uint8Array(long ? 12 : 8);
  const dv = new DataView(head.buffer);
  dv.setUint16(0, e.tag[0], true);
  dv.setUint16(2, e.tag[1], true);
  head[4] = e.vr.charCodeAt(0);
  head[5] = e.vr.charCodeAt(1);
  if (long) dv.setUint32(8, val.length, true);
  else dv.setUint16(6, val.length, true);
  const out = new Uint8Array(head.length + val.length);
  out.set(head);
  out.set(val, head.length);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Write a Part-10 file: preamble, DICM, file meta (group 2) and the data set, sorted by tag. */
export function writeDicom(elements: readonly El[], transferSyntax = '1.2.840.10008.1.2.1'): Uint8Array {
  const sop = elements.find((e) => e.tag[0] === 0x0008 && e.tag[1] === 0x0018)?.value;
  const sopClass = elements.find((e) => e.tag[0] === 0x0008 && e.tag[1] === 0x0016)?.value;
  const metaBody = concat([
    encodeElement({ tag: [0x0002, 0x0001], vr: 'OB', value: new Uint8Array([0, 1]) }),
    encodeElement({ tag: [0x0002, 0x0002], vr: 'UI', value: String(sopClass ?? '1.2.840.10008.5.1.4.1.1.2') }),
    encodeElement({ tag: [0x0002, 0x0003], vr: 'UI', value: String(sop ?? '1.2.3') }),
    encodeElement({ tag: [0x0002, 0x0010], vr: 'UI', value: transferSyntax }),
  ]);
  const groupLength = encodeElement({ tag: [0x0002, 0x0000], vr: 'UL', value: metaBody.length });
  const sorted = [...elements].sort((a, b) => a.tag[0] - b.tag[0] || a.tag[1] - b.tag[1]);
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([preamble, groupLength, metaBody, ...sorted.map(encodeElement)]);
}

export interface CtSliceSpec {
  readonly rows: number;
  readonly columns: number;
  readonly ippLps: readonly [number, number, number];
  readonly iop: readonly [number, number, number, number, number, number];
  /** [Δr between rows, Δc between columns] mm */
  readonly pixelSpacingMm: readonly [number, number];
  readonly stored: Int16Array | Uint16Array;
  readonly signed: boolean;
  readonly bitsStored?: number;
  readonly slope?: number;
  readonly intercept?: number;
  readonly instanceNumber?: number;
  readonly seriesUid?: string;
  readonly studyUid?: string;
  readonly sopUid?: string;
}

const f = (x: number) => String(Math.round(x * 1e6) / 1e6);

/** A CT Image Storage file with the given geometry and stored values. */
export function ctSlice(s: CtSliceSpec): Uint8Array {
  const bs = s.bitsStored ?? 16;
  return writeDicom([
    { tag: [0x0008, 0x0016], vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' },
    { tag: [0x0008, 0x0018], vr: 'UI', value: s.sopUid ?? `1.2.826.0.1.3680043.9.7.${Math.floor(Math.random() * 1e9)}` },
    { tag: [0x0008, 0x0060], vr: 'CS', value: 'CT' },
    { tag: [0x0008, 0x103e], vr: 'LO', value: 'synthetic' },
    { tag: [0x0020, 0x000d], vr: 'UI', value: s.studyUid ?? '1.2.826.0.1.3680043.9.7.1' },
    { tag: [0x0020, 0x000e], vr: 'UI', value: s.seriesUid ?? '1.2.826.0.1.3680043.9.7.1.1' },
    { tag: [0x0020, 0x0013], vr: 'IS', value: String(s.instanceNumber ?? 1) },
    { tag: [0x0020, 0x0032], vr: 'DS', value: s.ippLps.map(f).join('\\') },
    { tag: [0x0020, 0x0037], vr: 'DS', value: s.iop.map(f).join('\\') },
    { tag: [0x0020, 0x0052], vr: 'UI', value: '1.2.826.0.1.3680043.9.7.1.2' },
    { tag: [0x0028, 0x0002], vr: 'US', value: 1 },
    { tag: [0x0028, 0x0004], vr: 'CS', value: 'MONOCHROME2' },
    { tag: [0x0028, 0x0010], vr: 'US', value: s.rows },
    { tag: [0x0028, 0x0011], vr: 'US', value: s.columns },
    { tag: [0x0028, 0x0030], vr: 'DS', value: s.pixelSpacingMm.map(f).join('\\') },
    { tag: [0x0028, 0x0100], vr: 'US', value: 16 },
    { tag: [0x0028, 0x0101], vr: 'US', value: bs },
    { tag: [0x0028, 0x0102], vr: 'US', value: bs - 1 },
    { tag: [0x0028, 0x0103], vr: 'US', value: s.signed ? 1 : 0 },
    { tag: [0x0028, 0x1052], vr: 'DS', value: f(s.intercept ?? 0) },
    { tag: [0x0028, 0x1053], vr: 'DS', value: f(s.slope ?? 1) },
    { tag: [0x7fe0, 0x0010], vr: 'OW', value: s.stored },
  ]);
}
