/**
 * Seeded mutations of DICOM files for the fuzzers (scripts/fuzz.mjs, tests/e2e/fuzz.e2e.ts): truncation, flipped
 * bytes in the header and in the pixel data, corrupted element lengths and VRs, other transfer syntax UIDs,
 * corrupted encapsulated fragment items, and an absurd NumberOfFrames. Pure: bytes in, bytes out, same seed →
 * same mutant. Element positions come from dicom-parser; a file it cannot parse gets the structure-free mutations.
 */
import dicomParser from 'dicom-parser';

export const MUTATIONS = ['truncate', 'flip-header', 'flip-pixels', 'length', 'vr', 'transfer-syntax', 'fragments', 'frames'] as const;
export type Mutation = (typeof MUTATIONS)[number];

export interface Mutant {
  readonly name: string;
  readonly source: string;
  readonly mutation: Mutation;
  readonly bytes: Uint8Array;
}

/** mulberry32: a small seeded PRNG (reproducible mutants). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface El { tag: string; start: number; dataOffset: number; length: number; vr?: string; lengthBytes: 2 | 4 }
interface Layout { explicit: boolean; elements: El[]; pixel?: El; fragments: number[] }

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UR', 'UT', 'UN', 'UV']);
const TRANSFER_SYNTAXES = ['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.5', '1.2.840.10008.1.2.1.99', '9.9.9', ''];
const VRS = ['SQ', 'UN', 'OB', 'OW', 'US', 'UL', 'FD', 'DS', 'IS', 'XX', '\0\0'];

function layout(bytes: Uint8Array): Layout | undefined {
  try {
    const ds = dicomParser.parseDicom(bytes, { untilTag: undefined } as never);
    const ts = ds.string('x00020010') ?? '';
    const explicit = ts !== '1.2.840.10008.1.2';
    const elements: El[] = [];
    for (const [tag, e] of Object.entries(ds.elements)) {
      const isMeta = tag.startsWith('x0002');
      const ex = explicit || isMeta;
      const lengthBytes: 2 | 4 = ex && e.vr && !LONG_VRS.has(e.vr) ? 2 : 4;
      const header = ex ? (lengthBytes === 2 ? 8 : 12) : 8;
      elements.push({ tag, start: e.dataOffset - header, dataOffset: e.dataOffset, length: e.length, vr: ex ? e.vr : undefined, lengthBytes });
    }
    elements.sort((a, b) => a.start - b.start);
    const pixel = elements.find((e) => e.tag === 'x7fe00010');
    const fragments = (ds.elements.x7fe00010?.fragments ?? []).map((f) => f.position - 8);
    return { explicit, elements, pixel, fragments };
  } catch {
    return undefined;
  }
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

function flip(bytes: Uint8Array, from: number, to: number, count: number, rnd: () => number): Uint8Array {
  const out = bytes.slice();
  if (to <= from) return out;
  for (let i = 0; i < count; i++) {
    const at = from + Math.floor(rnd() * (to - from));
    out[at] = (out[at] ?? 0) ^ (1 + Math.floor(rnd() * 255));
  }
  return out;
}

function writeLength(out: Uint8Array, el: El, value: number): void {
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (el.lengthBytes === 2) dv.setUint16(el.dataOffset - 2, value & 0xffff, true);
  else dv.setUint32(el.dataOffset - 4, value >>> 0, true);
}

/** Replaces an element's value, rewriting its length (even-padded). */
function replaceValue(bytes: Uint8Array, el: El, value: Uint8Array): Uint8Array {
  const padded = value.length % 2 ? Uint8Array.from([...value, 0]) : value;
  const out = new Uint8Array(bytes.length - el.length + padded.length);
  out.set(bytes.subarray(0, el.dataOffset));
  out.set(padded, el.dataOffset);
  out.set(bytes.subarray(el.dataOffset + el.length), el.dataOffset + padded.length);
  writeLength(out, el, padded.length);
  return out;
}

/** NumberOfFrames = 99999999 (replaced, or inserted at its sorted place). */
function absurdFrames(bytes: Uint8Array, l: Layout): Uint8Array {
  const existing = l.elements.find((e) => e.tag === 'x00280008');
  const value = ascii('99999999');
  if (existing) return replaceValue(bytes, existing, value);
  const next = l.elements.find((e) => e.tag > 'x00280008' && !e.tag.startsWith('x0002'));
  if (!next) return bytes.slice();
  const el = l.explicit
    ? Uint8Array.from([0x28, 0, 0x08, 0, 0x49, 0x53, 8, 0, ...value])
    : Uint8Array.from([0x28, 0, 0x08, 0, 8, 0, 0, 0, ...value]);
  const out = new Uint8Array(bytes.length + el.length);
  out.set(bytes.subarray(0, next.start));
  out.set(el, next.start);
  out.set(bytes.subarray(next.start), next.start + el.length);
  return out;
}

export function mutate(bytes: Uint8Array, mutation: Mutation, rnd: () => number): Uint8Array {
  const l = layout(bytes);
  const pixelStart = l?.pixel?.dataOffset ?? Math.min(bytes.length, 2048);
  const headerFrom = bytes.length > 132 ? 132 : 0;
  switch (mutation) {
    case 'truncate': {
      const at = rnd() < 0.5 ? Math.floor(rnd() * pixelStart) : pixelStart + Math.floor(rnd() * Math.max(1, bytes.length - pixelStart));
      return bytes.slice(0, Math.min(at, bytes.length - 1));
    }
    case 'flip-header':
      return flip(bytes, headerFrom, pixelStart, 1 + Math.floor(rnd() * 8), rnd);
    case 'flip-pixels':
      return flip(bytes, pixelStart, bytes.length, 1 + Math.floor(rnd() * 64), rnd);
    case 'length': {
      if (!l || l.elements.length === 0) return flip(bytes, headerFrom, pixelStart, 4, rnd);
      const out = bytes.slice();
      const el = pick(rnd, l.elements);
      writeLength(out, el, pick(rnd, [0, 1, 3, 0xffff, 0xfffe, 0x7fffffff, 0xffffffff, el.length + 2, el.length * 16 + 1, Math.floor(rnd() * 2 ** 32)]));
      return out;
    }
    case 'vr': {
      const explicitEls = l?.elements.filter((e) => e.vr) ?? [];
      if (explicitEls.length === 0) return flip(bytes, headerFrom, pixelStart, 4, rnd);
      const out = bytes.slice();
      const el = pick(rnd, explicitEls);
      out.set(ascii(pick(rnd, VRS)).subarray(0, 2), el.dataOffset - (el.lengthBytes === 2 ? 4 : 8));
      return out;
    }
    case 'transfer-syntax': {
      const ts = l?.elements.find((e) => e.tag === 'x00020010');
      return ts ? replaceValue(bytes, ts, ascii(pick(rnd, TRANSFER_SYNTAXES))) : flip(bytes, headerFrom, pixelStart, 4, rnd);
    }
    case 'fragments': {
      if (!l || l.fragments.length === 0) return flip(bytes, pixelStart, bytes.length, 16, rnd);
      const out = bytes.slice();
      const dv = new DataView(out.buffer);
      const at = pick(rnd, l.fragments);
      if (rnd() < 0.3) dv.setUint32(at, 0xdeadbeef, true); // not an item tag any more
      else dv.setUint32(at + 4, pick(rnd, [0, 1, 0xffffffff, 0x7fffffff, Math.floor(rnd() * 2 ** 32)]), true);
      return out;
    }
    case 'frames':
      return l ? absurdFrames(bytes, l) : bytes.slice();
  }
}

/** `count` mutants of `sources`, each a random operator on a random source; deterministic for a seed. */
export function* mutants(sources: readonly { name: string; bytes: Uint8Array }[], count: number, seed: number): Generator<Mutant> {
  const rnd = prng(seed);
  for (let i = 0; i < count; i++) {
    const src = pick(rnd, sources);
    const mutation = MUTATIONS[i % MUTATIONS.length]!;
    const base = src.name.split('/').pop()!.replace(/[^\w.-]/g, '_');
    yield { name: `m${String(i).padStart(5, '0')}-${mutation}-${base}`, source: src.name, mutation, bytes: mutate(src.bytes, mutation, rnd) };
  }
}

/** The file with element `tag` (e.g. 'x00100010') given the text `value` (tests: hostile text); unchanged when absent. */
export function setText(bytes: Uint8Array, tag: string, value: string): Uint8Array {
  const el = layout(bytes)?.elements.find((e) => e.tag === tag);
  return el ? replaceValue(bytes, el, new TextEncoder().encode(value)) : bytes;
}
