// Preview of every lesion: `npx tsx sample-data/phantom/preview-lesions.ts cas2` renders a small box around each
// MLA (noise + PSF) and writes the cross-section perpendicular to the centreline (12 mm, W800/L200) and a
// longitudinal cut along the vessel (30 mm) into test-output/phantom/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { caseByKey, renderCase, type CaseKey } from './index';
import { encodeGrayPng } from './png';
import type { Volume } from '../../src/volume/volume';

const key = (process.argv[2] ?? 'cas1') as CaseKey;
const spec = caseByKey(key);
mkdirSync('test-output/phantom', { recursive: true });
const { truth } = renderCase(spec, { roiLps: { min: [0, 0, 0], max: [1, 1, 1] }, noiseFree: true });

function sample(v: Volume, p: number[]): number {
  const [nx, ny, nz] = v.dimensions;
  const f = [0, 1, 2].map((a) => (p[a]! - v.originLps[a]!) / v.spacingMm[a]!);
  const i = Math.max(0, Math.min(nx - 2, Math.floor(f[0]!))), j = Math.max(0, Math.min(ny - 2, Math.floor(f[1]!)));
  const k = Math.max(0, Math.min(nz - 2, Math.floor(f[2]!)));
  const a = f[0]! - i, b = f[1]! - j, c = f[2]! - k;
  const at = (di: number, dj: number, dk: number) => v.voxels[i + di + (j + dj) * nx + (k + dk) * nx * ny]!;
  let s = 0;
  for (let q = 0; q < 8; q++) {
    const di = q & 1, dj = (q >> 1) & 1, dk = (q >> 2) & 1;
    s += at(di, dj, dk) * (di ? a : 1 - a) * (dj ? b : 1 - b) * (dk ? c : 1 - c);
  }
  return s;
}
const win = (hu: number) => Math.max(0, Math.min(255, Math.round(((hu + 200) / 800) * 255)));

for (const l of truth.lesions) {
  const v = truth.vessels.find((x) => x.name === l.vessel)!;
  const i = Math.round(l.sMm / 0.25);
  const c = v.points[i]!.lps;
  const a = v.points[Math.max(0, i - 4)]!.lps, b = v.points[Math.min(v.points.length - 1, i + 4)]!.lps;
  const t = [0, 1, 2].map((k) => b[k]! - a[k]!);
  const tl = Math.hypot(t[0]!, t[1]!, t[2]!);
  const tn = t.map((x) => x / tl);
  const ref = Math.abs(tn[2]!) < 0.9 ? [0, 0, 1] : [1, 0, 0];
  let n1 = [tn[1]! * ref[2]! - tn[2]! * ref[1]!, tn[2]! * ref[0]! - tn[0]! * ref[2]!, tn[0]! * ref[1]! - tn[1]! * ref[0]!];
  const l1 = Math.hypot(n1[0]!, n1[1]!, n1[2]!);
  n1 = n1.map((x) => x / l1);
  const m = 18;
  const box = { min: [c[0] - m, c[1] - m, c[2] - m] as [number, number, number], max: [c[0] + m, c[1] + m, c[2] + m] as [number, number, number] };
  const vol = renderCase(spec, { roiLps: box }).volume;
  const n2 = [tn[1]! * n1[2]! - tn[2]! * n1[1]!, tn[2]! * n1[0]! - tn[0]! * n1[2]!, tn[0]! * n1[1]! - tn[1]! * n1[0]!];
  const N = 240, half = 6;
  const px = new Uint8Array(N * N);
  for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
    const u = -half + (2 * half * (x + 0.5)) / N, w = -half + (2 * half * (y + 0.5)) / N;
    px[y * N + x] = win(sample(vol, [0, 1, 2].map((k) => c[k]! + u * n1[k]! + w * n2[k]!)));
  }
  writeFileSync(`test-output/phantom/${key}-${l.id}-xsec.png`, encodeGrayPng(N, N, px));
  // longitudinal: along the polyline ±15 mm, across n1
  const L = 120, W = 48;
  const lp = new Uint8Array(L * W);
  for (let x = 0; x < L; x++) {
    const ii = Math.max(0, Math.min(v.points.length - 1, i - 60 + x));
    const p = v.points[ii]!.lps;
    for (let y = 0; y < W; y++) {
      const u = -6 + (12 * (y + 0.5)) / W;
      lp[y * L + x] = win(sample(vol, [0, 1, 2].map((k) => p[k]! + u * n1[k]!)));
    }
  }
  writeFileSync(`test-output/phantom/${key}-${l.id}-long.png`, encodeGrayPng(L, W, lp));
  console.log(key, l.id, l.vessel, `DS ${l.diameterStenosisPct} % MLA ${l.mlaMm2} mm²`);
}
