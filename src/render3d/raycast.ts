/**
 * CPU volume rendering of a small (cropped, coarse) CT volume: front-to-back compositing along orthographic
 * rays with a headlight, or a maximum intensity projection. Runs in a worker (workers/view3d.worker.ts) so the
 * page never waits on it, and in Node for the tests. Pure, no DOM.
 */
import type { Volume } from '../volume/volume.ts';
import { cameraBasis, pixelMm, type Camera3d } from './camera.ts';
import type { TransferFunction } from './transfer.ts';

export type RenderMode = 'vr' | 'mip';

export interface RenderRequest {
  readonly camera: Camera3d;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly mode: RenderMode;
  /** ray step, mm (coarser while the user turns the heart) */
  readonly stepMm: number;
}

/** Bricks of BRICK³ voxels whose every voxel is transparent are crossed without sampling. */
const BRICK = 8;
/** Compositing stops once a ray is this opaque (what lies behind shows by less than 2 %). */
const OPAQUE = 0.98;
/** Quarter steps taken after entering a surface (two whole steps). */
const FINE_SUBSTEPS = 8;

export interface Renderable {
  readonly volume: Volume;
  readonly tf: TransferFunction;
  /** 1 per brick that holds a visible voxel */
  readonly bricks: Uint8Array;
  readonly brickDims: readonly [number, number, number];
}

/** Marks the bricks holding at least one voxel the transfer function shows. */
export function prepareRenderable(volume: Volume, tf: TransferFunction): Renderable {
  const [nx, ny, nz] = volume.dimensions;
  const bd: [number, number, number] = [Math.ceil(nx / BRICK), Math.ceil(ny / BRICK), Math.ceil(nz / BRICK)];
  const bricks = new Uint8Array(bd[0] * bd[1] * bd[2]);
  const v = volume.voxels;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = (k * ny + j) * nx;
      const brow = (Math.floor(k / BRICK) * bd[1] + Math.floor(j / BRICK)) * bd[0];
      for (let i = 0; i < nx; i++) if (v[row + i]! >= tf.visibleFromHu) bricks[brow + (i >> 3)] = 1;
    }
  }
  // a trilinear sample near a brick's face reads the neighbour's voxels: grow the set by one brick
  const grown = bricks.slice();
  for (let k = 0; k < bd[2]; k++) for (let j = 0; j < bd[1]; j++) for (let i = 0; i < bd[0]; i++) {
    if (!bricks[i + bd[0] * (j + bd[1] * k)]) continue;
    for (let c = -1; c <= 1; c++) for (let b = -1; b <= 1; b++) for (let a = -1; a <= 1; a++) {
      const x = i + a, y = j + b, z = k + c;
      if (x >= 0 && y >= 0 && z >= 0 && x < bd[0] && y < bd[1] && z < bd[2]) grown[x + bd[0] * (y + bd[1] * z)] = 1;
    }
  }
  return { volume, tf, bricks: grown, brickDims: bd };
}

/** Renders into `out` (RGBA, widthPx × heightPx, black background). */
export function renderVolume(r: Renderable, req: RenderRequest, out: Uint8ClampedArray): void {
  const { volume, tf } = r;
  const [nx, ny, nz] = volume.dimensions;
  const [sx, sy, sz] = volume.spacingMm;
  const [dI, dJ, dK] = volume.directions;
  const { widthPx: w, heightPx: h, camera } = req;
  if (out.length !== w * h * 4) throw new Error(`renderVolume: output holds ${out.length} bytes, expected ${w * h * 4}`);
  const b = cameraBasis(camera);
  const px = pixelMm(camera, w, h);
  // everything in voxel units: a point p (LPS) is at ijk = ((p − o)·dI / sx, …)
  const toIjk = (v: readonly number[]): [number, number, number] => [
    (v[0]! * dI[0] + v[1]! * dI[1] + v[2]! * dI[2]) / sx,
    (v[0]! * dJ[0] + v[1]! * dJ[1] + v[2]! * dJ[2]) / sy,
    (v[0]! * dK[0] + v[1]! * dK[1] + v[2]! * dK[2]) / sz,
  ];
  const o = volume.originLps;
  const c0 = toIjk([camera.centreLps[0] - o[0], camera.centreLps[1] - o[1], camera.centreLps[2] - o[2]]);
  const rI = toIjk(b.right.map((x) => x * px));
  const uI = toIjk(b.up.map((x) => x * px));
  const step = toIjk(b.viewDir.map((x) => x * req.stepMm));
  // the light follows the viewer: shading uses the gradient in mm against the view direction
  const view = b.viewDir;
  const lut = tf.rgba;
  const lo = tf.lutFromHu, lutN = lut.length / 4 - 1;
  // opacity for this step length (the table holds it per reference step)
  const alphaScale = req.stepMm / tf.refStepMm;
  const alphaLut = new Float32Array(lutN + 1);
  const alphaFine = new Float32Array(lutN + 1);
  for (let q = 0; q <= lutN; q++) {
    const a = Math.min(0.999, lut[q * 4 + 3]! / 255);
    alphaLut[q] = 1 - Math.pow(1 - a, alphaScale);
    alphaFine[q] = 1 - Math.pow(1 - a, alphaScale / 4);
  }
  const vox = volume.voxels;
  const nxy = nx * ny;
  const { bricks, brickDims: bd } = r;
  const visible = tf.visibleFromHu;
  const sample = (i: number, j: number, k: number): number => {
    const i0 = Math.min(nx - 2, Math.floor(i)), j0 = Math.min(ny - 2, Math.floor(j)), k0 = Math.min(nz - 2, Math.floor(k));
    const fi = i - i0, fj = j - j0, fk = k - k0;
    const q = i0 + nx * j0 + nxy * k0;
    const a = vox[q]! + (vox[q + 1]! - vox[q]!) * fi;
    const bb = vox[q + nx]! + (vox[q + nx + 1]! - vox[q + nx]!) * fi;
    const c = vox[q + nxy]! + (vox[q + nxy + 1]! - vox[q + nxy]!) * fi;
    const d = vox[q + nxy + nx]! + (vox[q + nxy + nx + 1]! - vox[q + nxy + nx]!) * fi;
    const e = a + (bb - a) * fj, f = c + (d - c) * fj;
    return e + (f - e) * fk;
  };
  const nSteps = Math.ceil(Math.hypot(nx * sx, ny * sy, nz * sz) / req.stepMm) + 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = x + 0.5 - w / 2, v = h / 2 - (y + 0.5);
      // ray through the pixel, entering the grid where the slab test says
      const oi = c0[0] + u * rI[0] + v * uI[0], oj = c0[1] + u * rI[1] + v * uI[1], ok = c0[2] + u * rI[2] + v * uI[2];
      const span = clipRay([oi, oj, ok], step, [nx - 1, ny - 1, nz - 1], nSteps);
      let r0 = 0, g0 = 0, b0 = 0, a0 = 0, mip = -Infinity;
      if (span) {
        let wasVisible = false;
        // after a surface's edge, FINE_SUBSTEPS samples a quarter step apart: trilinear profiles are piecewise
        // linear on the voxel lattice, and whole steps through the edge would draw its pattern (wood grain)
        let fineLeft = 0, dt = 1;
        for (let t = span[0]; t <= span[1]; t += (dt = fineLeft > 0 ? (fineLeft--, 0.25) : 1)) {
          // `dt` is the step that led here
          let i = oi + t * step[0], j = oj + t * step[1], k = ok + t * step[2];
          if (!bricks[(i >> 3) + bd[0] * ((j >> 3) + bd[1] * (k >> 3))]) { wasVisible = false; continue; }
          let hu = sample(i, j, k);
          if (req.mode === 'mip') { if (hu > mip) mip = hu; continue; }
          if (hu < visible) { wasVisible = false; continue; }
          if (!wasVisible && t > span[0]) {
            // entering a surface: move the samples onto its edge (bisection), or they land at a different depth
            // in the opacity ramp on each ray and draw rings
            let a = t - dt, z = t;
            for (let it = 0; it < 5; it++) {
              const m = (a + z) / 2;
              if (sample(oi + m * step[0], oj + m * step[1], ok + m * step[2]) >= visible) z = m; else a = m;
            }
            t = z;
            i = oi + t * step[0]; j = oj + t * step[1]; k = ok + t * step[2];
            hu = sample(i, j, k);
            fineLeft = FINE_SUBSTEPS;
          }
          wasVisible = true;
          const q = Math.max(0, Math.min(lutN, Math.round(hu - lo)));
          const a = fineLeft > 0 ? alphaFine[q]! : alphaLut[q]!;
          if (a <= 0) continue;
          // gradient by central differences (mm), its angle to the view gives the light
          const gi = (sample(Math.min(nx - 1, i + 1), j, k) - sample(Math.max(0, i - 1), j, k)) / sx;
          const gj = (sample(i, Math.min(ny - 1, j + 1), k) - sample(i, Math.max(0, j - 1), k)) / sy;
          const gk = (sample(i, j, Math.min(nz - 1, k + 1)) - sample(i, j, Math.max(0, k - 1))) / sz;
          const gx = gi * dI[0] + gj * dJ[0] + gk * dK[0], gy = gi * dI[1] + gj * dJ[1] + gk * dK[1], gz = gi * dI[2] + gj * dJ[2] + gk * dK[2];
          const gn = Math.hypot(gx, gy, gz) || 1;
          const lambert = Math.abs(gx * view[0] + gy * view[1] + gz * view[2]) / gn;
          const spec = Math.pow(lambert, 24);
          const light = 0.3 + 0.7 * lambert;
          const wgt = (1 - a0) * a;
          r0 += wgt * Math.min(255, lut[q * 4]! * light + 90 * spec);
          g0 += wgt * Math.min(255, lut[q * 4 + 1]! * light + 90 * spec);
          b0 += wgt * Math.min(255, lut[q * 4 + 2]! * light + 90 * spec);
          a0 += wgt;
          if (a0 >= OPAQUE) break;
        }
      }
      const p = (y * w + x) * 4;
      if (req.mode === 'mip') {
        const g = mip === -Infinity ? 0 : Math.max(0, Math.min(255, ((mip - tf.mipWindow[0]) / (tf.mipWindow[1] - tf.mipWindow[0])) * 255));
        out[p] = out[p + 1] = out[p + 2] = g;
      } else {
        out[p] = r0; out[p + 1] = g0; out[p + 2] = b0;
      }
      out[p + 3] = 255;
    }
  }
}

/** First and last step index s with origin + s·step inside [0, max] on every axis, or null. */
function clipRay(origin: readonly number[], step: readonly number[], max: readonly number[], nSteps: number): [number, number] | null {
  let t0 = -Infinity, t1 = Infinity;
  for (let a = 0; a < 3; a++) {
    const o = origin[a]!, d = step[a]!, m = max[a]!;
    if (Math.abs(d) < 1e-12) { if (o < 0 || o > m) return null; continue; }
    const ta = (0 - o) / d, tb = (m - o) / d;
    t0 = Math.max(t0, Math.min(ta, tb));
    t1 = Math.min(t1, Math.max(ta, tb));
  }
  if (!(t1 >= t0) || !Number.isFinite(t0)) return null;
  const s0 = Math.ceil(t0), s1 = Math.floor(t1);
  return s1 >= s0 && s1 - s0 <= 4 * nSteps ? [s0, s1] : null;
}
