// Preview: `npx tsx sample-data/phantom/preview.ts [cas1|cas2|cas3]` renders a case (full size, timed)
// and writes axial slices (aortic root, mid-ventricle), a 10 mm axial MIP and a coronal slice at W800/L200
// into test-output/phantom/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { caseByKey, renderCase, type CaseKey } from './index';
import { encodeGrayPng } from './png';
import type { Volume } from '../../src/volume/volume';

const key = (process.argv[2] ?? 'cas1') as CaseKey;
const outDir = 'test-output/phantom';
mkdirSync(outDir, { recursive: true });
const spec = caseByKey(key);
const t0 = performance.now();
const c0 = process.cpuUsage().user;
const { volume, truth } = renderCase(spec);
console.log(`${key}: render ${(performance.now() - t0).toFixed(0)} ms wall, ${((process.cpuUsage().user - c0) / 1000).toFixed(0)} ms CPU`);

function win(hu: number, w = 800, l = 200): number {
  const v = ((hu - (l - w / 2)) / w) * 255;
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}
const [nx, ny, nz] = volume.dimensions;
const kOf = (z: number) => Math.round((z - volume.originLps[2]) / volume.spacingMm[2]);
function axial(v: Volume, k: number, slabMm = 0): Uint8Array {
  const half = Math.round(slabMm / 2 / v.spacingMm[2]);
  const px = new Uint8Array(nx * ny);
  for (let q = 0; q < nx * ny; q++) {
    let m = -Infinity;
    for (let kk = Math.max(0, k - half); kk <= Math.min(nz - 1, k + half); kk++) m = Math.max(m, v.voxels[q + kk * nx * ny]!);
    px[q] = win(m);
  }
  return px;
}
const root = truth.vessels.find((x) => x.name === 'LM')!.seeds.ostiumLps;
writeFileSync(`${outDir}/${key}-axial-root.png`, encodeGrayPng(nx, ny, axial(volume, kOf(root[2]))));
writeFileSync(`${outDir}/${key}-axial-mid.png`, encodeGrayPng(nx, ny, axial(volume, kOf(0))));
writeFileSync(`${outDir}/${key}-mip10-root.png`, encodeGrayPng(nx, ny, axial(volume, kOf(root[2] - 6), 10)));
writeFileSync(`${outDir}/${key}-mip10-low.png`, encodeGrayPng(nx, ny, axial(volume, kOf(-20), 10)));
const cor = new Uint8Array(nx * nz);
const j = Math.round((0 - volume.originLps[1]) / volume.spacingMm[1]);
for (let k = 0; k < nz; k++) for (let i = 0; i < nx; i++) cor[(nz - 1 - k) * nx + i] = win(volume.voxels[i + j * nx + k * nx * ny]!);
writeFileSync(`${outDir}/${key}-coronal.png`, encodeGrayPng(nx, nz, cor));
