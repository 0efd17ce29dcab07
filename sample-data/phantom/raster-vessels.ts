// Rasterises the coronary tree over the anatomy: a fat sleeve, then plaque and lumen with true
// sub-voxel partial volume (N³ supersampling of the voxels a boundary crosses). Each voxel is handled by
// the centreline point whose Voronoi cell (among its two neighbours) contains the voxel centre.
import { classify, SAMPLE_LUMEN, SAMPLE_PLAQUE, type LesionGeom, type VesselModel } from './lesions';
import { coverage } from './shapes';
import { lpsIndex, type Grid } from './grid';

const SLEEVE_MM = 1.2;
/** supersamples per axis for boundary voxels */
export const SUPERSAMPLE = 5;

interface Ctx {
  grid: Grid;
  hu: Float32Array;
  hMm: number;
}

function forEachCellVoxel(
  ctx: Ctx, m: VesselModel, i: number, radiusMm: number,
  fn: (idx: number, dx: number, dy: number, dz: number) => void,
): void {
  const { grid } = ctx;
  const v = m.path;
  const px = v.pos[3 * i]!, py = v.pos[3 * i + 1]!, pz = v.pos[3 * i + 2]!;
  const c = lpsIndex(grid, [px, py, pz]);
  const [nx, ny, nz] = grid.dims;
  const [sx, sy, sz] = grid.spacing;
  const i0 = Math.max(0, Math.ceil(c[0] - radiusMm / sx)), i1 = Math.min(nx - 1, Math.floor(c[0] + radiusMm / sx));
  const j0 = Math.max(0, Math.ceil(c[1] - radiusMm / sy)), j1 = Math.min(ny - 1, Math.floor(c[1] + radiusMm / sy));
  const k0 = Math.max(0, Math.ceil(c[2] - radiusMm / sz)), k1 = Math.min(nz - 1, Math.floor(c[2] + radiusMm / sz));
  if (i0 > i1 || j0 > j1 || k0 > k1) return;
  const hasPrev = i > 0;
  const hasNext = i < v.n - 1;
  const ax = hasPrev ? v.pos[3 * i - 3]! : 0, ay = hasPrev ? v.pos[3 * i - 2]! : 0, az = hasPrev ? v.pos[3 * i - 1]! : 0;
  const bx = hasNext ? v.pos[3 * i + 3]! : 0, by = hasNext ? v.pos[3 * i + 4]! : 0, bz = hasNext ? v.pos[3 * i + 5]! : 0;
  const [dI, dJ, dK] = grid.dirs;
  const o = grid.origin;
  const r2 = radiusMm * radiusMm;
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      for (let ii = i0; ii <= i1; ii++) {
        const qx = o[0] + ii * sx * dI[0] + j * sy * dJ[0] + k * sz * dK[0];
        const qy = o[1] + ii * sx * dI[1] + j * sy * dJ[1] + k * sz * dK[1];
        const qz = o[2] + ii * sx * dI[2] + j * sy * dJ[2] + k * sz * dK[2];
        const dx = qx - px, dy = qy - py, dz = qz - pz;
        const d2 = dx * dx + dy * dy + dz * dz;
        if (d2 > r2) continue;
        if (hasPrev) {
          const ex = qx - ax, ey = qy - ay, ez = qz - az;
          if (ex * ex + ey * ey + ez * ez <= d2) continue;
        }
        if (hasNext) {
          const ex = qx - bx, ey = qy - by, ez = qz - bz;
          if (ex * ex + ey * ey + ez * ez < d2) continue;
        }
        fn(ii + j * nx + k * nx * ny, dx, dy, dz);
      }
    }
  }
}

/** Radial distance in the cross-section; beyond the end points the tube closes with a hemisphere. */
function radial(m: VesselModel, i: number, dx: number, dy: number, dz: number, u: Float64Array): void {
  const v = m.path;
  const t0 = v.tan[3 * i]!, t1 = v.tan[3 * i + 1]!, t2 = v.tan[3 * i + 2]!;
  const x = dx * t0 + dy * t1 + dz * t2;
  let u1 = dx * v.n1[3 * i]! + dy * v.n1[3 * i + 1]! + dz * v.n1[3 * i + 2]!;
  let u2 = dx * v.n2[3 * i]! + dy * v.n2[3 * i + 1]! + dz * v.n2[3 * i + 2]!;
  if ((i === 0 && x < 0) || (i === v.n - 1 && x > 0)) {
    const rho = Math.hypot(u1, u2);
    const rr = Math.hypot(rho, x);
    if (rho > 1e-9) {
      u1 *= rr / rho;
      u2 *= rr / rho;
    } else {
      u1 = rr;
    }
  }
  u[0] = u1;
  u[1] = u2;
}

/**
 * Fat sleeve (outer wall + 1.2 mm) around every vessel, except inside the aorta (root sphere and ascending
 * tube, `insideAorta`), so the ostia stay open. The rule is geometric, not on HU: renders with different
 * contrast then differ only by iodine.
 */
export function paintSleeves(ctx: Ctx, models: VesselModel[], fatHu: number, insideAorta: (x: number, y: number, z: number) => boolean): void {
  const u = new Float64Array(2);
  for (const m of models) {
    const v = m.path;
    for (let i = 0; i < v.n; i++) {
      const rs = m.rOut[i]! + SLEEVE_MM;
      const px = v.pos[3 * i]!, py = v.pos[3 * i + 1]!, pz = v.pos[3 * i + 2]!;
      forEachCellVoxel(ctx, m, i, rs + ctx.hMm, (idx, dx, dy, dz) => {
        radial(m, i, dx, dy, dz, u);
        const f = coverage(Math.hypot(u[0]!, u[1]!) - rs, ctx.hMm);
        if (f <= 0 || insideAorta(px + dx, py + dy, pz + dz)) return;
        const cur = ctx.hu[idx]!;
        ctx.hu[idx] = cur + f * (fatHu - cur);
      });
    }
  }
}

export function paintVessels(ctx: Ctx, models: VesselModel[], lesions: LesionGeom[]): void {
  const { grid } = ctx;
  const [sx, sy, sz] = grid.spacing;
  const [dI, dJ, dK] = grid.dirs;
  const halfDiag = 0.5 * Math.sqrt(sx * sx + sy * sy + sz * sz);
  const N = SUPERSAMPLE;
  const offs: number[] = [];
  for (let a = 0; a < N; a++) offs.push((a + 0.5) / N - 0.5);
  const u = new Float64Array(2);
  const plaqueHu = new Float64Array(1);
  for (const m of models) {
    const v = m.path;
    for (let i = 0; i < v.n; i++) {
      const rOut = m.rOut[i]!;
      const px = v.pos[3 * i]!, py = v.pos[3 * i + 1]!, pz = v.pos[3 * i + 2]!;
      const lum = m.lumenHu[i]!;
      const cl1 = m.c1[i]!, cl2 = m.c2[i]!, rl = m.rLum[i]!;
      forEachCellVoxel(ctx, m, i, rOut + halfDiag, (idx, dx, dy, dz) => {
        radial(m, i, dx, dy, dz, u);
        const rho = Math.hypot(u[0]!, u[1]!);
        if (rho - rOut >= halfDiag) return;
        const dl = Math.hypot(u[0]! - cl1, u[1]! - cl2) - rl;
        if (dl < -halfDiag) {
          ctx.hu[idx] = lum;
          return;
        }
        const cur = ctx.hu[idx]!;
        let acc = 0;
        // stratified jitter (deterministic hash of the voxel): a fixed sub-grid would alias with vessels
        // running along a grid axis (Gauss-circle errors of several % for sub-voxel lumens)
        let hsh = Math.imul(idx ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
        for (const oa0 of offs) for (const ob0 of offs) for (const oc0 of offs) {
          hsh = (Math.imul(hsh, 1664525) + 1013904223) >>> 0;
          const oa = oa0 + ((hsh & 1023) / 1024 - 0.5) / N;
          const ob = ob0 + (((hsh >>> 10) & 1023) / 1024 - 0.5) / N;
          const oc = oc0 + (((hsh >>> 20) & 1023) / 1024 - 0.5) / N;
          const ex = dx + oa * sx * dI[0] + ob * sy * dJ[0] + oc * sz * dK[0];
          const ey = dy + oa * sx * dI[1] + ob * sy * dJ[1] + oc * sz * dK[1];
          const ez = dz + oa * sx * dI[2] + ob * sy * dJ[2] + oc * sz * dK[2];
          radial(m, i, ex, ey, ez, u);
          const c = classify(m, lesions, i, u[0]!, u[1]!, px + ex, py + ey, pz + ez, plaqueHu);
          acc += c === SAMPLE_LUMEN ? lum : c === SAMPLE_PLAQUE ? plaqueHu[0]! : cur;
        }
        ctx.hu[idx] = acc / (N * N * N);
      });
    }
  }
}
