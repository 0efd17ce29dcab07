// Image formation after rasterisation: coloured noise and Gaussian PSF in one pass (the PSF is linear,
// so PSF * (image + white) = blurred image + PSF-coloured noise; the white σ is chosen so the coloured
// noise has the requested SD), optional motion blur, HU → Int16.
import { fillGaussian } from './rng';

/** Normalised 1-D Gaussian taps for a FWHM in voxels (radius 3σ, at least 1 tap each side). */
export function gaussianTaps(fwhmVoxels: number): Float32Array {
  const sigma = fwhmVoxels / 2.3548;
  const r = Math.max(1, Math.ceil(3 * sigma));
  const taps = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let t = -r; t <= r; t++) {
    const w = Math.exp(-(t * t) / (2 * sigma * sigma));
    taps[t + r] = w;
    sum += w;
  }
  for (let t = 0; t < taps.length; t++) taps[t]! /= sum;
  return taps;
}

const sumSq = (k: Float32Array) => k.reduce((a, b) => a + b * b, 0);

/** Separable convolution along x, y, z with clamped edges, in place. */
export function blur3d(data: Float32Array, dims: readonly [number, number, number], kx: Float32Array, ky: Float32Array, kz: Float32Array): void {
  const [nx, ny, nz] = dims;
  const line = new Float32Array(Math.max(nx, ny, nz));
  const rx = (kx.length - 1) / 2, ry = (ky.length - 1) / 2, rz = (kz.length - 1) / 2;
  // x
  for (let row = 0; row < ny * nz; row++) {
    const base = row * nx;
    for (let i = 0; i < nx; i++) line[i] = data[base + i]!;
    for (let i = 0; i < nx; i++) {
      let acc = 0;
      if (i >= rx && i < nx - rx) {
        for (let t = -rx; t <= rx; t++) acc += kx[t + rx]! * line[i + t]!;
      } else {
        for (let t = -rx; t <= rx; t++) {
          const ii = i + t < 0 ? 0 : i + t >= nx ? nx - 1 : i + t;
          acc += kx[t + rx]! * line[ii]!;
        }
      }
      data[base + i] = acc;
    }
  }
  // y: per slice, rows combined (contiguous inner loop)
  const slice = new Float32Array(nx * ny);
  for (let k = 0; k < nz; k++) {
    const base = k * nx * ny;
    slice.set(data.subarray(base, base + nx * ny));
    for (let j = 0; j < ny; j++) {
      const out = base + j * nx;
      for (let i = 0; i < nx; i++) data[out + i] = 0;
      for (let t = -ry; t <= ry; t++) {
        const jj = j + t < 0 ? 0 : j + t >= ny ? ny - 1 : j + t;
        const w = ky[t + ry]!;
        const src = jj * nx;
        for (let i = 0; i < nx; i++) data[out + i] = data[out + i]! + w * slice[src + i]!;
      }
    }
  }
  // z: per row j, the (x, z) plane
  const plane = new Float32Array(nx * nz);
  const sxy = nx * ny;
  for (let j = 0; j < ny; j++) {
    for (let k = 0; k < nz; k++) plane.set(data.subarray(k * sxy + j * nx, k * sxy + j * nx + nx), k * nx);
    for (let k = 0; k < nz; k++) {
      const out = k * sxy + j * nx;
      for (let i = 0; i < nx; i++) data[out + i] = 0;
      for (let t = -rz; t <= rz; t++) {
        const kk = k + t < 0 ? 0 : k + t >= nz ? nz - 1 : k + t;
        const w = kz[t + rz]!;
        const src = kk * nx;
        for (let i = 0; i < nx; i++) data[out + i] = data[out + i]! + w * plane[src + i]!;
      }
    }
  }
}

export interface FormationOptions {
  noiseSdHu: number;
  psfFwhmMm: [number, number];
  noPsf: boolean;
  noiseFree: boolean;
  seed: number;
  spacingMm: readonly [number, number, number];
}

/** Adds PSF-coloured noise of SD noiseSdHu and applies the PSF (both optional), in place. */
export function formImage(hu: Float32Array, dims: readonly [number, number, number], o: FormationOptions): void {
  const [sx, sy, sz] = o.spacingMm;
  const kx = gaussianTaps(o.psfFwhmMm[0] / sx);
  const ky = gaussianTaps(o.psfFwhmMm[0] / sy);
  const kz = gaussianTaps(o.psfFwhmMm[1] / sz);
  if (!o.noiseFree && o.noiseSdHu > 0) {
    const gain = o.noPsf ? 1 : Math.sqrt(sumSq(kx) * sumSq(ky) * sumSq(kz));
    const noise = new Float32Array(Math.min(hu.length, 1 << 22));
    for (let off = 0, chunk = 0; off < hu.length; off += noise.length, chunk++) {
      fillGaussian(noise, (o.seed * 7919 + chunk * 104729) >>> 0, o.noiseSdHu / gain);
      const n = Math.min(noise.length, hu.length - off);
      for (let q = 0; q < n; q++) hu[off + q] = hu[off + q]! + noise[q]!;
    }
  }
  if (!o.noPsf) blur3d(hu, dims, kx, ky, kz);
}

export function toInt16(hu: Float32Array): Int16Array {
  const out = new Int16Array(hu.length);
  for (let q = 0; q < hu.length; q++) {
    const v = hu[q]!;
    // round half up without Math.round: floor(v + 0.5) via an offset that keeps the operand positive
    out[q] = v <= -1024 ? -1024 : v >= 3071 ? 3071 : ((v + 32768.5) | 0) - 32768;
  }
  return out;
}
