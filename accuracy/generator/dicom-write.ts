/**
 * A minimal DICOM Part-10 writer (explicit VR little endian, one CT image per file) with the quirks
 * real series carry: unsigned storage with intercept −1024 or signed with 0, feet-first and oblique
 * orientations, anisotropic PixelSpacing (row spacing first), instance numbers not in stacking order.
 */
import type { Grid } from './render.ts';
import type { ImagingSpec } from './spec.ts';

const LONG_VR = new Set(['OB', 'OW', 'SQ', 'UN', 'UT']);

class Writer {
  private readonly parts: Uint8Array[] = [];
  private size = 0;
  el(group: number, element: number, vr: string, value: Uint8Array): void {
    const even = value.length % 2 === 0 ? value : concat([value, new Uint8Array([vr === 'UI' ? 0 : 0x20])]);
    const long = LONG_VR.has(vr);
    const head = new DataView(new ArrayBuffer(long ? 12 : 8));
    head.setUint16(0, group, true);
    head.setUint16(2, element, true);
    head.setUint8(4, vr.charCodeAt(0));
    head.setUint8(5, vr.charCodeAt(1));
    if (long) head.setUint32(8, even.length, true);
    else head.setUint16(6, even.length, true);
    this.push(new Uint8Array(head.buffer));
    this.push(even);
  }
  str(group: number, element: number, vr: string, text: string): void {
    this.el(group, element, vr, new TextEncoder().encode(text));
  }
  us(group: number, element: number, value: number): void {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, value, true);
    this.el(group, element, 'US', b);
  }
  push(b: Uint8Array): void { this.parts.push(b); this.size += b.length; }
  bytes(): Uint8Array { return concat(this.parts); }
  get length(): number { return this.size; }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

const ds = (v: number): string => {
  const t = v.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
  return t === '-0' ? '0' : t;
};

export interface SliceFile { readonly name: string; readonly bytes: Uint8Array }

const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';

/** The files of one series; uidRoot is a numeric UID prefix unique to the series. */
export function seriesFiles(g: Grid, hu: Int16Array, im: ImagingSpec, uidRoot: string, description: string, order: readonly number[]): SliceFile[] {
  const [nx, ny, nz] = g.dimensions;
  const [sx, sy, sz] = g.spacingMm;
  const [a, b, c] = g.directions;
  const files: SliceFile[] = [];
  const unsigned = im.storage === 'unsigned-1024';
  for (let k = 0; k < nz; k++) {
    const sop = `${uidRoot}.3.${k + 1}`;
    const ipp = [0, 1, 2].map((e) => g.originLps[e]! + k * sz * c[e]!);
    const w = new Writer();
    w.str(0x0008, 0x0008, 'CS', 'ORIGINAL\\PRIMARY\\AXIAL');
    w.str(0x0008, 0x0016, 'UI', CT_IMAGE);
    w.str(0x0008, 0x0018, 'UI', sop);
    w.str(0x0008, 0x0020, 'DA', '20240101');
    w.str(0x0008, 0x0060, 'CS', 'CT');
    w.str(0x0008, 0x0070, 'LO', 'ACCURACY SUITE');
    w.str(0x0008, 0x103e, 'LO', description);
    w.str(0x0010, 0x0010, 'PN', 'ACCURACY^SUITE');
    w.str(0x0010, 0x0020, 'LO', 'ACC');
    w.str(0x0018, 0x0050, 'DS', ds(im.sliceThicknessMm));
    w.str(0x0018, 0x5100, 'CS', im.patientPosition);
    w.str(0x0020, 0x000d, 'UI', `${uidRoot}.1`);
    w.str(0x0020, 0x000e, 'UI', `${uidRoot}.2`);
    w.str(0x0020, 0x0011, 'IS', '1');
    w.str(0x0020, 0x0013, 'IS', String(order[k]! + 1));
    w.str(0x0020, 0x0032, 'DS', ipp.map(ds).join('\\'));
    w.str(0x0020, 0x0037, 'DS', [...a, ...b].map(ds).join('\\'));
    w.str(0x0020, 0x0052, 'UI', `${uidRoot}.4`);
    w.us(0x0028, 0x0002, 1);
    w.str(0x0028, 0x0004, 'CS', 'MONOCHROME2');
    w.us(0x0028, 0x0010, ny);
    w.us(0x0028, 0x0011, nx);
    w.str(0x0028, 0x0030, 'DS', `${ds(sy)}\\${ds(sx)}`);
    w.us(0x0028, 0x0100, 16);
    w.us(0x0028, 0x0101, unsigned ? 12 : 16);
    w.us(0x0028, 0x0102, unsigned ? 11 : 15);
    w.us(0x0028, 0x0103, unsigned ? 0 : 1);
    w.str(0x0028, 0x1050, 'DS', '200');
    w.str(0x0028, 0x1051, 'DS', '800');
    w.str(0x0028, 0x1052, 'DS', unsigned ? '-1024' : '0');
    w.str(0x0028, 0x1053, 'DS', '1');
    w.str(0x0028, 0x1054, 'LO', 'HU');
    const px = new Uint8Array(nx * ny * 2);
    const view = new DataView(px.buffer);
    const off = k * nx * ny;
    for (let q = 0; q < nx * ny; q++) {
      const v = hu[off + q]!;
      if (unsigned) view.setUint16(2 * q, v + 1024, true);
      else view.setInt16(2 * q, v, true);
    }
    w.el(0x7fe0, 0x0010, 'OW', px);
    files.push({ name: `IM${String(order[k]! + 1).padStart(5, '0')}.dcm`, bytes: part10(w.bytes(), sop) });
  }
  return files;
}

function part10(dataset: Uint8Array, sop: string): Uint8Array {
  const m = new Writer();
  m.el(0x0002, 0x0001, 'OB', new Uint8Array([0, 1]));
  m.str(0x0002, 0x0002, 'UI', CT_IMAGE);
  m.str(0x0002, 0x0003, 'UI', sop);
  m.str(0x0002, 0x0010, 'UI', '1.2.840.10008.1.2.1');
  m.str(0x0002, 0x0012, 'UI', '2.25.271828182845904523536028747135');
  const meta = m.bytes();
  const g = new Writer();
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, meta.length, true);
  g.el(0x0002, 0x0000, 'UL', len);
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([preamble, g.bytes(), meta, dataset]);
}
