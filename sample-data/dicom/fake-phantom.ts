// A cheap stand-in CT (thorax ellipse, lungs, blood pool, white noise) for exercising the writer
// and the generator's pipeline without the real phantom (`npm run sample-data -- --fake`).
import type { Volume } from '../../src/volume/volume';

export function fakeCtVolume(seed: number, nz = 280, n = 512, pixelMm = 0.39, noiseSdHu = 25): Volume {
  const voxels = new Int16Array(n * n * nz);
  let s = seed >>> 0 || 1;
  const rand = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const c = (n - 1) / 2;
  for (let k = 0; k < nz; k++) {
    const z = (k - nz / 2) / nz;
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        const x = (i - c) / c;
        const y = (j - c) / c;
        let hu = -1000;
        if (x * x / 0.95 + y * y / 0.7 < 1) hu = 40;
        if ((Math.abs(x) - 0.5) ** 2 / 0.09 + y * y / 0.3 < 1) hu = -800;
        if ((x - 0.05) ** 2 + (y + 0.05) ** 2 + z * z < 0.06) hu = 420;
        const noise = (rand() + rand() + rand() - 1.5) * 2 * noiseSdHu;
        voxels[i + j * n + k * n * n] = Math.max(-1024, Math.round(hu + noise));
      }
    }
  }
  const half = (c * pixelMm);
  return {
    dimensions: [n, n, nz],
    spacingMm: [pixelMm, pixelMm, 0.5],
    originLps: [-half, -half, -(nz - 1) * 0.25],
    directions: [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
    voxels,
  };
}
