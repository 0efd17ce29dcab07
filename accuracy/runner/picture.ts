/**
 * A picture of one series for a human: two orthogonal straightened views along the truth path (W800/L200),
 * truth lesion extents marked above (white, MLA in red) and measured lesions below (green), 10 px per mm.
 */
import { deflateSync } from 'node:zlib';
import { mainCurve } from '../generator/draw.ts';
import type { GeneratedSeries } from '../generator/series.ts';
import type { SeriesResult } from './score.ts';

function crc32(buf: Uint8Array): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** RGB PNG encoder (8 bits per channel, no filtering). */
export function encodePng(rgb: Uint8Array, width: number, height: number): Buffer {
  const raw = Buffer.alloc((3 * width + 1) * height);
  for (let y = 0; y < height; y++) Buffer.from(rgb.buffer, rgb.byteOffset + 3 * y * width, 3 * width).copy(raw, y * (3 * width + 1) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** Trilinear HU at an LPS point (−1000 outside). */
function sampler(g: GeneratedSeries): (p: readonly number[]) => number {
  const [nx, ny, nz] = g.grid.dimensions, dirs = g.grid.directions, sp = g.grid.spacingMm, o = g.grid.originLps;
  return (p) => {
    const d = [p[0]! - o[0], p[1]! - o[1], p[2]! - o[2]];
    const f = [0, 1, 2].map((a) => (d[0]! * dirs[a]![0] + d[1]! * dirs[a]![1] + d[2]! * dirs[a]![2]) / sp[a]!);
    const i = Math.floor(f[0]!), j = Math.floor(f[1]!), k = Math.floor(f[2]!);
    if (i < 0 || j < 0 || k < 0 || i + 1 >= nx || j + 1 >= ny || k + 1 >= nz) return -1000;
    const fx = f[0]! - i, fy = f[1]! - j, fz = f[2]! - k;
    let v = 0;
    for (let c = 0; c < 8; c++) {
      const dx = c & 1, dy = (c >> 1) & 1, dz = (c >> 2) & 1;
      v += g.hu[i + dx + nx * (j + dy + ny * (k + dz))]! * (dx ? fx : 1 - fx) * (dy ? fy : 1 - fy) * (dz ? fz : 1 - fz);
    }
    return v;
  };
}

export function seriesPicture(g: GeneratedSeries, r: SeriesResult): Buffer {
  const curve = mainCurve(g.spec.vessel);
  const sample = sampler(g);
  const halfMm = 6, px = 0.1, marks = 12;
  const w = curve.count, h = Math.round((2 * halfMm) / px);
  const H = 2 * h + 2 * marks + 4;
  const rgb = new Uint8Array(3 * w * H);
  const set = (x: number, y: number, c: readonly number[]): void => { if (x >= 0 && x < w && y >= 0 && y < H) rgb.set(c, 3 * (y * w + x)); };
  const grey = (hu: number): number => Math.max(0, Math.min(255, Math.round(((hu + 200) / 800) * 255)));
  for (let q = 0; q < w; q++) {
    const P = [0, 1, 2].map((e) => curve.pointsLps[3 * q + e]!);
    const N = [0, 1, 2].map((e) => curve.normals[3 * q + e]!), B = [0, 1, 2].map((e) => curve.binormals[3 * q + e]!);
    for (let y = 0; y < h; y++) {
      const off = halfMm - y * px;
      const a = grey(sample(P.map((v, e) => v + off * N[e]!))), b = grey(sample(P.map((v, e) => v + off * B[e]!)));
      set(q, marks + 2 + y, [a, a, a]);
      set(q, marks + 4 + h + y, [b, b, b]);
    }
  }
  const col = (sMm: number): number => Math.round((sMm - curve.s0Mm) / curve.stepMm);
  for (const l of r.lesions) {
    for (let x = col(l.truth.startSMm); x <= col(l.truth.endSMm); x++) for (let y = 0; y < marks / 2; y++) set(x, y, [255, 255, 255]);
    for (let y = 0; y < marks; y++) for (let d = -2; d <= 2; d++) set(col(l.truth.sMm) + d, y, [255, 40, 40]);
  }
  const measured = [...r.lesions.flatMap((l) => (l.measured ? [l.measured] : [])), ...r.falseLesions];
  for (const m of measured) {
    for (let x = col(m.startSMm); x <= col(m.endSMm); x++) for (let y = H - marks / 2; y < H; y++) set(x, y, [40, 220, 40]);
    for (let y = H - marks; y < H; y++) for (let d = -2; d <= 2; d++) set(col(m.sMm) + d, y, [40, 255, 40]);
  }
  return encodePng(rgb, w, H);
}
