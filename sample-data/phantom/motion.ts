// Optional mild motion blur of the mid RCA (PHANTOM §3): a 1-D box blur of ±0.6 mm along the heart's
// long axis (the AV ring moves base↔apex) for voxels within 6 mm of segment 2, applied before the PSF.
import type { Grid } from './grid';
import { lpsIndex } from './grid';
import type { CaseModel } from './model';

const HALF_MM = 0.6;
const RADIUS_MM = 6;

export function motionBlurRca(grid: Grid, hu: Float32Array, model: CaseModel): void {
  const rca = model.vessels.find((m) => m.path.name === 'RCA');
  if (!rca) return;
  const v = rca.path;
  const [nx, ny, nz] = grid.dims;
  const u = model.anatomy.frame.u;
  const du = lpsIndex({ ...grid, origin: [0, 0, 0] }, u);
  const seen = new Uint8Array(nx * ny * nz);
  const taps = 5;
  // read everything from the unblurred grid first, then write (no copy of the whole volume)
  const touched: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < v.n; i += 4) {
    if (v.segment[i] !== 2) continue;
    const c = lpsIndex(grid, [v.pos[3 * i]!, v.pos[3 * i + 1]!, v.pos[3 * i + 2]!]);
    const rI = RADIUS_MM / grid.spacing[0], rK = RADIUS_MM / grid.spacing[2];
    for (let k = Math.max(0, Math.ceil(c[2] - rK)); k <= Math.min(nz - 1, Math.floor(c[2] + rK)); k++)
      for (let j = Math.max(0, Math.ceil(c[1] - rI)); j <= Math.min(ny - 1, Math.floor(c[1] + rI)); j++)
        for (let ii = Math.max(0, Math.ceil(c[0] - rI)); ii <= Math.min(nx - 1, Math.floor(c[0] + rI)); ii++) {
          const ex = (ii - c[0]) * grid.spacing[0], ey = (j - c[1]) * grid.spacing[1], ez = (k - c[2]) * grid.spacing[2];
          if (ex * ex + ey * ey + ez * ez > RADIUS_MM * RADIUS_MM) continue;
          const idx = ii + j * nx + k * nx * ny;
          if (seen[idx]) continue;
          seen[idx] = 1;
          let acc = 0;
          for (let t = 0; t < taps; t++) {
            const off = (-HALF_MM + (2 * HALF_MM * t) / (taps - 1));
            const fi = ii + off * du[0], fj = j + off * du[1], fk = k + off * du[2];
            acc += trilinear(hu, grid.dims, fi, fj, fk);
          }
          touched.push(idx);
          values.push(acc / taps);
        }
  }
  for (let q = 0; q < touched.length; q++) hu[touched[q]!] = values[q]!;
}

function trilinear(d: Float32Array, dims: readonly [number, number, number], fi: number, fj: number, fk: number): number {
  const [nx, ny, nz] = dims;
  const ci = Math.min(nx - 1, Math.max(0, fi)), cj = Math.min(ny - 1, Math.max(0, fj)), ck = Math.min(nz - 1, Math.max(0, fk));
  const i0 = Math.min(nx - 2, Math.floor(ci)), j0 = Math.min(ny - 2, Math.floor(cj)), k0 = Math.min(nz - 2, Math.floor(ck));
  const a = ci - i0, b = cj - j0, c = ck - k0;
  const at = (i: number, j: number, k: number) => d[i + j * nx + k * nx * ny]!;
  const c00 = at(i0, j0, k0) * (1 - a) + at(i0 + 1, j0, k0) * a;
  const c10 = at(i0, j0 + 1, k0) * (1 - a) + at(i0 + 1, j0 + 1, k0) * a;
  const c01 = at(i0, j0, k0 + 1) * (1 - a) + at(i0 + 1, j0, k0 + 1) * a;
  const c11 = at(i0, j0 + 1, k0 + 1) * (1 - a) + at(i0 + 1, j0 + 1, k0 + 1) * a;
  return (c00 * (1 - b) + c10 * b) * (1 - c) + (c01 * (1 - b) + c11 * b) * c;
}
