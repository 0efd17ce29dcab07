// Seeded pseudo-random numbers (mulberry32) and Gaussian deviates. No Math.random anywhere in the phantom.

export type Rng = () => number;

/** mulberry32: 32-bit state, uniform in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/**
 * Fill `out` with approximately N(0, sd²) deviates: Irwin–Hall sum of four 16-bit uniforms from two
 * mulberry32 draws (variance 1/3, rescaled). Fast (one voxel each of a full study); its slightly short
 * tails vanish once the noise is coloured by the PSF (a weighted sum of ~30 deviates).
 */
export function fillGaussian(out: Float32Array, seed: number, sd: number): void {
  let a = seed >>> 0;
  const n = out.length;
  const k = (sd * Math.sqrt(3)) / 65536;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r1 = (t ^ (t >>> 14)) >>> 0;
    a = (a + 0x6d2b79f5) >>> 0;
    t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r2 = (t ^ (t >>> 14)) >>> 0;
    out[i] = k * ((r1 & 0xffff) + (r1 >>> 16) + (r2 & 0xffff) + (r2 >>> 16) - 131070);
  }
}
