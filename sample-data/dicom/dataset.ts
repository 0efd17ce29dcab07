// A minimal DICOM data-set encoder (little endian; explicit or implicit VR).
// Enough for CT images, encapsulated pixel data and a DICOMDIR; no dependencies.

export type VR =
  | 'AE' | 'AS' | 'AT' | 'CS' | 'DA' | 'DS' | 'DT' | 'FL' | 'FD' | 'IS' | 'LO' | 'LT' | 'OB' | 'OW'
  | 'PN' | 'SH' | 'SL' | 'SQ' | 'SS' | 'ST' | 'TM' | 'UI' | 'UL' | 'US' | 'UT';

/** Encapsulated pixel data (PS3.5 A.4): an empty basic offset table, then one fragment per frame. */
export interface Encapsulated {
  readonly fragments: readonly Uint8Array[];
}

export type ElementValue =
  | string
  | readonly string[]
  | number
  | readonly number[]
  | Uint8Array
  | readonly DataSet[]
  | Encapsulated;

export interface DicomElement {
  /** 0xGGGGEEEE */
  readonly tag: number;
  readonly vr: VR;
  readonly value: ElementValue;
}

/** Elements in any order: they are sorted by tag when encoded. */
export type DataSet = DicomElement[];

export function el(tag: number, vr: VR, value: ElementValue): DicomElement {
  return { tag, vr, value };
}

const LONG_LENGTH_VRS: ReadonlySet<VR> = new Set<VR>(['OB', 'OW', 'SQ', 'UT']);
const textEncoder = new TextEncoder();

/** Growable little-endian byte sink. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initialBytes = 4096) {
    this.buf = new Uint8Array(initialBytes);
    this.view = new DataView(this.buf.buffer);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u16(v: number): void {
    this.reserve(2);
    this.view.setUint16(this.length, v, true);
    this.length += 2;
  }

  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  zeros(n: number): void {
    this.reserve(n);
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
  }

  tag(tag: number): void {
    this.u16(tag >>> 16);
    this.u16(tag & 0xffff);
  }

  /** A copy of the written bytes. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Decimal String: at most 16 characters (PS3.5 6.2). */
export function formatDS(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`DS value must be finite, got ${v}`);
  for (let digits = 10; digits >= 1; digits--) {
    const s = String(Number(v.toPrecision(digits)));
    if (s.length <= 16) return s;
  }
  throw new Error(`DS value ${v} cannot be written in 16 characters`);
}

function textOf(vr: VR, value: ElementValue): string {
  const list: readonly (string | number)[] =
    typeof value === 'string' || typeof value === 'number' ? [value] : (value as readonly (string | number)[]);
  return list
    .map((v) => {
      if (typeof v === 'string') return v;
      if (vr === 'DS') return formatDS(v);
      if (vr === 'IS') {
        if (!Number.isInteger(v)) throw new Error(`IS value must be an integer, got ${v}`);
        return String(v);
      }
      return String(v);
    })
    .join('\\');
}

function binaryOf(vr: VR, value: ElementValue): Uint8Array {
  if (value instanceof Uint8Array) return value;
  const list = typeof value === 'number' ? [value] : (value as readonly number[]);
  const size = vr === 'US' || vr === 'SS' ? 2 : vr === 'FD' ? 8 : 4;
  const out = new Uint8Array(list.length * size);
  const dv = new DataView(out.buffer);
  list.forEach((v, i) => {
    const o = i * size;
    if (vr === 'US') dv.setUint16(o, v, true);
    else if (vr === 'SS') dv.setInt16(o, v, true);
    else if (vr === 'UL') dv.setUint32(o, v, true);
    else if (vr === 'SL') dv.setInt32(o, v, true);
    else if (vr === 'FL') dv.setFloat32(o, v, true);
    else if (vr === 'FD') dv.setFloat64(o, v, true);
    else if (vr === 'AT') {
      dv.setUint16(o, v >>> 16, true);
      dv.setUint16(o + 2, v & 0xffff, true);
    } else throw new Error(`no binary encoding for VR ${vr}`);
  });
  return out;
}

/** The value bytes of a non-sequence, non-encapsulated element, padded to even length. */
function valueBytes(e: DicomElement): Uint8Array {
  const { vr, value } = e;
  let raw: Uint8Array;
  if (vr === 'OB' || vr === 'OW') {
    if (!(value instanceof Uint8Array)) throw new Error(`element ${tagHex(e.tag)} (${vr}) needs a Uint8Array`);
    raw = value;
  } else if (vr === 'US' || vr === 'SS' || vr === 'UL' || vr === 'SL' || vr === 'FL' || vr === 'FD' || vr === 'AT') {
    raw = binaryOf(vr, value);
  } else {
    raw = textEncoder.encode(textOf(vr, value));
  }
  if (raw.length % 2 === 0) return raw;
  const padded = new Uint8Array(raw.length + 1);
  padded.set(raw);
  padded[raw.length] = vr === 'UI' || vr === 'OB' ? 0 : 0x20;
  return padded;
}

export function tagHex(tag: number): string {
  const h = (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return `(${h.slice(0, 4)},${h.slice(4)})`;
}

function isEncapsulated(v: ElementValue): v is Encapsulated {
  return typeof v === 'object' && v !== null && 'fragments' in v;
}

function writeHeader(w: ByteWriter, tag: number, vr: VR, length: number, explicit: boolean): void {
  w.tag(tag);
  if (!explicit) {
    w.u32(length);
    return;
  }
  w.u16(vr.charCodeAt(0) | (vr.charCodeAt(1) << 8));
  if (LONG_LENGTH_VRS.has(vr)) {
    w.u16(0);
    w.u32(length);
  } else {
    if (length > 0xffff) throw new Error(`element ${tagHex(tag)} (${vr}) too long: ${length} bytes`);
    w.u16(length);
  }
}

/** Encode one item (FFFE,E000) with a defined length. */
export function encodeItem(items: DataSet, explicit = true): Uint8Array {
  const body = encodeDataSet(items, explicit);
  const w = new ByteWriter(body.length + 8);
  w.tag(0xfffee000);
  w.u32(body.length);
  w.bytes(body);
  return w.toBytes();
}

function writeElement(w: ByteWriter, e: DicomElement, explicit: boolean): void {
  if (e.vr === 'SQ') {
    const items = (e.value as readonly DataSet[]).map((ds) => encodeItem(ds, explicit));
    const length = items.reduce((n, b) => n + b.length, 0);
    writeHeader(w, e.tag, 'SQ', length, explicit);
    for (const b of items) w.bytes(b);
    return;
  }
  if (isEncapsulated(e.value)) {
    if (!explicit) throw new Error('encapsulated pixel data needs an explicit VR transfer syntax');
    writeHeader(w, e.tag, 'OB', 0xffffffff, true);
    w.tag(0xfffee000); // empty basic offset table
    w.u32(0);
    for (const f of e.value.fragments) {
      const odd = f.length % 2;
      w.tag(0xfffee000);
      w.u32(f.length + odd);
      w.bytes(f);
      if (odd) w.zeros(1);
    }
    w.tag(0xfffee0dd);
    w.u32(0);
    return;
  }
  const v = valueBytes(e);
  writeHeader(w, e.tag, e.vr, v.length, explicit);
  w.bytes(v);
}

/** Append a data set (sorted by tag, duplicates refused) to a writer. */
export function writeDataSet(w: ByteWriter, ds: DataSet, explicit = true): void {
  const sorted = [...ds].sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.tag === sorted[i - 1]!.tag) throw new Error(`duplicate element ${tagHex(sorted[i]!.tag)}`);
  }
  for (const e of sorted) writeElement(w, e, explicit);
}

export function encodeDataSet(ds: DataSet, explicit = true): Uint8Array {
  const w = new ByteWriter(8192);
  writeDataSet(w, ds, explicit);
  return w.toBytes();
}
