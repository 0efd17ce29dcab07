/**
 * The suite's own seeded PRNG (sfc32 seeded through splitmix32): each series draws from a stream keyed by
 * (set seed, series index), so one series regenerates alone, in any worker, identically.
 */

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export interface Rng {
  /** uniform [0, 1) */
  next(): number;
  /** uniform 32-bit unsigned integer */
  u32(): number;
  uniform(lo: number, hi: number): number;
  /** integer in [lo, hi] */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** one of the keys, with the given relative weights */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  /** standard normal (Box–Muller) */
  normal(): number;
  /** a child stream: independent of how many draws follow in this one */
  fork(label: number): Rng;
}

export function createRng(...keys: number[]): Rng {
  let h = 0x1234567;
  for (const k of keys) h = splitmix32((h ^ Math.imul(k >>> 0, 0x27d4eb2d)) >>> 0)();
  const sm = splitmix32(h);
  let a = sm(), b = sm(), c = sm(), d = sm();
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let q = 0; q < 12; q++) u32();
  const next = (): number => u32() / 4294967296;
  const rng: Rng = {
    next,
    u32,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
      const keysW = Object.keys(weights) as K[];
      const total = keysW.reduce((s, k) => s + weights[k], 0);
      let x = next() * total;
      for (const k of keysW) {
        x -= weights[k];
        if (x < 0) return k;
      }
      return keysW[keysW.length - 1]!;
    },
    normal: () => {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    fork: (label) => createRng(h, label, u32()),
  };
  return rng;
}

/** 65536 standard-normal quantiles at stratified probabilities: fast noise for millions of voxels. */
export function gaussianTable(): Float32Array {
  const n = 65536;
  const t = new Float32Array(n);
  for (let q = 0; q < n; q++) t[q] = inverseNormal((q + 0.5) / n);
  return t;
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -inverseNormal(1 - p);
  const q = p - 0.5, r = q * q;
  return (((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
