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
/** The normals' central differences reach this far each side, voxels: wider than one voxel averages the noise out. */
const GRADIENT_HALF_VOXELS = 1.5;
/** Quarter steps taken after entering a surface (two whole steps). */
const FINE_SUBSTEPS = 8;

export interface Renderable {
  readonly volume: Volume;
  readonly tf: TransferFunction;
  /** 1 per brick that holds a visible voxel */
  readonly bricks: Uint8Array;
  readonly brickDims: readonly [number, number, number];
  /**
   * the volume the surfaces' normals are read from (same grid): block maxima keep thin vessels bright but step
   * where a smooth surface crosses a block, and shading by their gradient draws those steps as rings (wood grain);
   * block means are smooth
   */
  readonly shade: Volume;
}

/** Marks the bricks holding at least one voxel the transfer function shows; `shade` (same grid) gives the normals. */
export function prepareRenderable(volume: Volume, tf: TransferFunction, shade: Volume = volume): Renderable {
  if (shade.voxels.length !== volume.voxels.length) throw new Error('prepareRenderable: the shading volume must share the rendered volume\'s grid');
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
  return { volume, tf, bricks: grown, brickDims: bd, shade };
}

/** What every ray of one image shares: the grid, the camera in voxel units, the opacity tables. */
interface RayContext {
  readonly r: Renderable;
  readonly sample: (i: number, j: number, k: number) => number;
  /** the shading volume, sampled alike */
  readonly shadeSample: (i: number, j: number, k: number) => number;
  /** one ray step, voxels along i, j, k */
  readonly step: readonly [number, number, number];
  /** view direction (LPS) for the headlight */
  readonly view: readonly [number, number, number];
  /** opacity per whole step and per quarter step, by LUT entry */
  readonly alpha: Float32Array;
  readonly alphaFine: Float32Array;
  readonly nSteps: number;
  /** scratch for headlight() (no allocation per sample) */
  readonly light: { diffuse: number; spec: number };
}

/** Renders into `out` (RGBA, widthPx × heightPx, black background). */
export function renderVolume(r: Renderable, req: RenderRequest, out: Uint8ClampedArray): void {
  const { volume } = r;
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
  const { alpha, alphaFine } = opacityTables(r.tf, req.stepMm);
  const ctx: RayContext = {
    r, sample: trilinear(volume), shadeSample: trilinear(r.shade), step: toIjk(b.viewDir.map((x) => x * req.stepMm)), view: b.viewDir, alpha, alphaFine,
    nSteps: Math.ceil(Math.hypot(nx * sx, ny * sy, nz * sz) / req.stepMm) + 2, light: { diffuse: 0, spec: 0 },
  };
  const max = [nx - 1, ny - 1, nz - 1];
  const rgb: [number, number, number] = [0, 0, 0];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = x + 0.5 - w / 2, v = h / 2 - (y + 0.5);
      // the ray through the pixel, entering the grid where the slab test says
      const origin: [number, number, number] = [c0[0] + u * rI[0] + v * uI[0], c0[1] + u * rI[1] + v * uI[1], c0[2] + u * rI[2] + v * uI[2]];
      const span = clipRay(origin, ctx.step, max, ctx.nSteps);
      rgb[0] = rgb[1] = rgb[2] = 0;
      if (span) {
        if (req.mode === 'mip') {
          const hu = maxAlong(ctx, origin, span);
          const [lo, hi] = r.tf.mipWindow;
          rgb[0] = rgb[1] = rgb[2] = hu === -Infinity ? 0 : ((hu - lo) / (hi - lo)) * 255;
        } else {
          composite(ctx, origin, span, rgb);
        }
      }
      const p = (y * w + x) * 4;
      out[p] = rgb[0]; out[p + 1] = rgb[1]; out[p + 2] = rgb[2]; out[p + 3] = 255;
    }
  }
}

/** Opacity of each LUT entry over one step of `stepMm` and over a quarter of it (the table holds it per reference step). */
function opacityTables(tf: TransferFunction, stepMm: number): { alpha: Float32Array; alphaFine: Float32Array } {
  const n = tf.rgba.length / 4;
  const alpha = new Float32Array(n), alphaFine = new Float32Array(n);
  const scale = stepMm / tf.refStepMm;
  for (let q = 0; q < n; q++) {
    const a = Math.min(0.999, tf.rgba[q * 4 + 3]! / 255);
    alpha[q] = 1 - Math.pow(1 - a, scale);
    alphaFine[q] = 1 - Math.pow(1 - a, scale / 4);
  }
  return { alpha, alphaFine };
}

/** Trilinear HU at a continuous voxel index inside the grid. */
function trilinear(volume: Volume): (i: number, j: number, k: number) => number {
  const [nx, ny, nz] = volume.dimensions;
  const nxy = nx * ny;
  const vox = volume.voxels;
  return (i, j, k) => {
    const i0 = Math.min(nx - 2, Math.floor(i)), j0 = Math.min(ny - 2, Math.floor(j)), k0 = Math.min(nz - 2, Math.floor(k));
    const fi = i - i0, fj = j - j0, fk = k - k0;
    const q = i0 + nx * j0 + nxy * k0;
    const a = vox[q]! + (vox[q + 1]! - vox[q]!) * fi;
    const b = vox[q + nx]! + (vox[q + nx + 1]! - vox[q + nx]!) * fi;
    const c = vox[q + nxy]! + (vox[q + nxy + 1]! - vox[q + nxy]!) * fi;
    const d = vox[q + nxy + nx]! + (vox[q + nxy + nx + 1]! - vox[q + nxy + nx]!) * fi;
    const e = a + (b - a) * fj, f = c + (d - c) * fj;
    return e + (f - e) * fk;
  };
}

/** Whether the brick holding (i, j, k) has a visible voxel. */
function inVisibleBrick(r: Renderable, i: number, j: number, k: number): boolean {
  const bd = r.brickDims;
  return r.bricks[(i >> 3) + bd[0] * ((j >> 3) + bd[1] * (k >> 3))] === 1;
}

function maxAlong(ctx: RayContext, o: readonly number[], span: readonly [number, number]): number {
  const { step, sample } = ctx;
  let m = -Infinity;
  for (let t = span[0]; t <= span[1]; t++) {
    const i = o[0]! + t * step[0], j = o[1]! + t * step[1], k = o[2]! + t * step[2];
    if (inVisibleBrick(ctx.r, i, j, k)) m = Math.max(m, sample(i, j, k));
  }
  return m;
}

/** Front-to-back compositing of one ray into rgb (0–255). */
function composite(ctx: RayContext, o: readonly number[], span: readonly [number, number], rgb: [number, number, number]): void {
  const { step, sample, r } = ctx;
  const visible = r.tf.visibleFromHu;
  const at = (t: number) => sample(o[0]! + t * step[0], o[1]! + t * step[1], o[2]! + t * step[2]);
  let a0 = 0, wasVisible = false;
  // after a surface's edge, FINE_SUBSTEPS samples a quarter step apart: trilinear profiles are piecewise linear on
  // the voxel lattice, and whole steps through the edge would draw its pattern (wood grain)
  let fineLeft = 0, dt = 1;
  for (let t = span[0]; t <= span[1]; t += (dt = fineLeft > 0 ? (fineLeft--, 0.25) : 1)) {
    // `dt` is the step that led here
    if (!inVisibleBrick(r, o[0]! + t * step[0], o[1]! + t * step[1], o[2]! + t * step[2])) { wasVisible = false; continue; }
    let hu = at(t);
    if (hu < visible) { wasVisible = false; continue; }
    if (!wasVisible && t > span[0]) {
      // entering a surface: move the samples onto its edge (bisection), or they land at a different depth in the
      // opacity ramp on each ray and draw rings
      let lo = t - dt, hi = t;
      for (let it = 0; it < 5; it++) { const m = (lo + hi) / 2; if (at(m) >= visible) hi = m; else lo = m; }
      t = hi;
      hu = at(t);
      fineLeft = FINE_SUBSTEPS;
    }
    wasVisible = true;
    const q = Math.max(0, Math.min(ctx.alpha.length - 1, Math.round(hu - r.tf.lutFromHu)));
    const a = fineLeft > 0 ? ctx.alphaFine[q]! : ctx.alpha[q]!;
    if (a <= 0) continue;
    const light = headlight(ctx, o[0]! + t * step[0], o[1]! + t * step[1], o[2]! + t * step[2]);
    const wgt = (1 - a0) * a, lut = r.tf.rgba, spec = 90 * light.spec;
    rgb[0] += wgt * Math.min(255, lut[q * 4]! * light.diffuse + spec);
    rgb[1] += wgt * Math.min(255, lut[q * 4 + 1]! * light.diffuse + spec);
    rgb[2] += wgt * Math.min(255, lut[q * 4 + 2]! * light.diffuse + spec);
    a0 += wgt;
    if (a0 >= OPAQUE) break;
  }
}

/** Diffuse and specular factors of a light at the eye, from the HU gradient (central differences, in mm). */
function headlight(ctx: RayContext, i: number, j: number, k: number): { diffuse: number; spec: number } {
  const { volume } = ctx.r;
  const [nx, ny, nz] = volume.dimensions;
  const [sx, sy, sz] = volume.spacingMm;
  const [dI, dJ, dK] = volume.directions;
  const s = ctx.shadeSample;
  const h = GRADIENT_HALF_VOXELS;
  const gi = (s(Math.min(nx - 1, i + h), j, k) - s(Math.max(0, i - h), j, k)) / sx;
  const gj = (s(i, Math.min(ny - 1, j + h), k) - s(i, Math.max(0, j - h), k)) / sy;
  const gk = (s(i, j, Math.min(nz - 1, k + h)) - s(i, j, Math.max(0, k - h))) / sz;
  const gx = gi * dI[0] + gj * dJ[0] + gk * dK[0], gy = gi * dI[1] + gj * dJ[1] + gk * dK[1], gz = gi * dI[2] + gj * dJ[2] + gk * dK[2];
  const gn = Math.hypot(gx, gy, gz) || 1;
  const lambert = Math.abs(gx * ctx.view[0] + gy * ctx.view[1] + gz * ctx.view[2]) / gn;
  ctx.light.diffuse = 0.3 + 0.7 * lambert;
  ctx.light.spec = Math.pow(lambert, 24);
  return ctx.light;
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
