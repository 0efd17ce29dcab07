// Drives the rasterisation of one case onto a grid.
import { isAxialIdentity, voxelLps, type Grid } from './grid';
import { abdomenHu, diaphragmZ, heartHu, paintLungVesselsSlice, thoraxHu } from './raster-anatomy';
import type { Anatomy } from './heart';
import { coverage } from './shapes';
import type { TissueHu } from './tissue';

/** Thorax + abdomen + heart/great vessels into a new Float32 HU grid. */
export function rasterAnatomy(grid: Grid, an: Anatomy, t: TissueHu): Float32Array {
  const [nx, ny, nz] = grid.dims;
  const hu = new Float32Array(nx * ny * nz);
  const h = Math.cbrt(grid.spacing[0] * grid.spacing[1] * grid.spacing[2]);
  const apexZ = an.apexLps[2];
  const hb = an.heartBox;
  const boxes = [hb, ...an.tubeBoxes];
  if (isAxialIdentity(grid)) {
    const nxy = nx * ny;
    const thorax = new Float32Array(nxy);
    const abdomen = new Float32Array(nxy);
    const dia = new Float32Array(nxy);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const p = voxelLps(grid, i, j, 0);
        thorax[i + j * nx] = thoraxHu(p[0], p[1], t, h);
        abdomen[i + j * nx] = abdomenHu(p[0], p[1], t, h);
        dia[i + j * nx] = diaphragmZ(p[0], p[1], apexZ);
      }
    }
    let diaMax = -Infinity;
    for (let q = 0; q < nxy; q++) diaMax = Math.max(diaMax, dia[q]!);
    const hz = grid.spacing[2];
    for (let k = 0; k < nz; k++) {
      const z = grid.origin[2] + k * hz;
      const base = k * nxy;
      if (z - diaMax >= hz / 2) {
        hu.set(thorax, base);
      } else {
        for (let q = 0; q < nxy; q++) {
          let f = 0.5 - (z - dia[q]!) / hz;
          f = f < 0 ? 0 : f > 1 ? 1 : f;
          hu[base + q] = thorax[q]! + f * (abdomen[q]! - thorax[q]!);
        }
      }
      paintLungVesselsSlice(hu, base, nx, ny, grid.origin[0], grid.origin[1], grid.spacing[0], grid.spacing[1], z, t, h);
    }
    paintHeartLattice(grid, hu, an, t, h, boxes);
    return hu;
  }
  // oblique grids: evaluate everything per voxel
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const [x, y, z] = voxelLps(grid, i, j, k);
    const fz = coverage(z - diaphragmZ(x, y, apexZ), h);
    let v = thoraxHu(x, y, t, h);
    if (fz > 0) v += fz * (abdomenHu(x, y, t, h) - v);
    hu[i + j * nx + k * nx * ny] = heartHu(an, t, x, y, z, v, h);
  }
  return hu;
}

const CELL = 3;
const BG_LO = -5000;
const BG_HI = 5000;
/** lattice sample state: untouched by the heart layer, opaque (value), or mixed */
const UNTOUCHED = 1e9;
const MIXED = 2e9;

/**
 * Heart and great vessels over the background, axial grids. Evaluated on a lattice every CELL voxels
 * (with two extreme backgrounds, to tell untouched / opaque / mixed); cells whose eight corners agree
 * are filled without further evaluation, the others voxel by voxel. Every structure is thicker than the
 * lattice diagonal (≈ 2.2 mm), so none can hide between corners.
 */
function paintHeartLattice(grid: Grid, hu: Float32Array, an: Anatomy, t: TissueHu, h: number, boxes: number[][]): void {
  const [nx, ny, nz] = grid.dims;
  const [sx, sy, sz] = grid.spacing;
  const o = grid.origin;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity, z0 = Infinity, z1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b[0]!); y0 = Math.min(y0, b[1]!); z0 = Math.min(z0, b[2]!);
    x1 = Math.max(x1, b[3]!); y1 = Math.max(y1, b[4]!); z1 = Math.max(z1, b[5]!);
  }
  const i0 = Math.max(0, Math.floor((x0 - o[0]) / sx)), i1 = Math.min(nx - 1, Math.ceil((x1 - o[0]) / sx));
  const j0 = Math.max(0, Math.floor((y0 - o[1]) / sy)), j1 = Math.min(ny - 1, Math.ceil((y1 - o[1]) / sy));
  const k0 = Math.max(0, Math.floor((z0 - o[2]) / sz)), k1 = Math.min(nz - 1, Math.ceil((z1 - o[2]) / sz));
  if (i0 > i1 || j0 > j1 || k0 > k1) return;
  const la = Math.ceil((i1 - i0) / CELL) + 1, lb = Math.ceil((j1 - j0) / CELL) + 1, lc = Math.ceil((k1 - k0) / CELL) + 1;
  const li = (a: number) => Math.min(i1, i0 + a * CELL);
  const lj = (b: number) => Math.min(j1, j0 + b * CELL);
  const lk = (c: number) => Math.min(k1, k0 + c * CELL);
  const lat = new Float64Array(la * lb * lc);
  for (let c = 0; c < lc; c++) for (let b = 0; b < lb; b++) for (let a = 0; a < la; a++) {
    const x = o[0] + li(a) * sx, y = o[1] + lj(b) * sy, z = o[2] + lk(c) * sz;
    const lo = heartHu(an, t, x, y, z, BG_LO, h);
    const hi = lo === BG_LO ? BG_HI : heartHu(an, t, x, y, z, BG_HI, h);
    lat[a + la * (b + lb * c)] = lo === BG_LO && hi === BG_HI ? UNTOUCHED : lo === hi ? lo : MIXED;
  }
  const nxy = nx * ny;
  for (let c = 0; c + 1 < lc; c++) for (let b = 0; b + 1 < lb; b++) for (let a = 0; a + 1 < la; a++) {
    const v0 = lat[a + la * (b + lb * c)]!;
    let same = v0 !== MIXED;
    for (let q = 1; q < 8 && same; q++) same = lat[a + (q & 1) + la * (b + ((q >> 1) & 1) + lb * (c + ((q >> 2) & 1)))] === v0;
    const ia = li(a), ib = li(a + 1), ja = lj(b), jb = lj(b + 1), ka = lk(c), kb = lk(c + 1);
    if (same && v0 === UNTOUCHED) continue;
    for (let k = ka; k <= kb; k++) {
      const z = o[2] + k * sz;
      for (let j = ja; j <= jb; j++) {
        const y = o[1] + j * sy;
        const row = k * nxy + j * nx;
        if (same) {
          for (let i = ia; i <= ib; i++) hu[row + i] = v0;
          continue;
        }
        for (let i = ia; i <= ib; i++) {
          // shared faces are visited by two cells: evaluate each voxel once (cell owning its lower corner)
          if ((i === ib && i !== i1) || (j === jb && j !== j1) || (k === kb && k !== k1)) continue;
          hu[row + i] = heartHu(an, t, o[0] + i * sx, y, z, hu[row + i]!, h);
        }
      }
    }
  }
}
