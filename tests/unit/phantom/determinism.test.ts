// Same seed → same voxels and truth; another seed → other noise, same truth.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CASES, renderCase } from '../../../sample-data/phantom/index';

const box = { min: [-20, -20, 0] as [number, number, number], max: [20, 20, 10] as [number, number, number] };
const digest = (a: Int16Array) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');

describe('phantom determinism', () => {
  it('renders identical voxels and truth for the same seed, different noise for another seed', () => {
    const spec = CASES[1]!;
    const a = renderCase(spec, { roiLps: box });
    const b = renderCase(spec, { roiLps: box });
    const c = renderCase(spec, { roiLps: box, seed: 999 });
    expect(digest(a.volume.voxels)).toBe(digest(b.volume.voxels));
    expect(JSON.stringify(a.truth)).toBe(JSON.stringify(b.truth));
    expect(digest(c.volume.voxels)).not.toBe(digest(a.volume.voxels));
    expect(JSON.stringify(c.truth.lesions)).toBe(JSON.stringify(a.truth.lesions));
  });

  it('noise has the requested SD in a uniform region (LV cavity) and is absent when noiseFree', () => {
    const spec = CASES[0]!;
    const { truth } = renderCase(spec, { roiLps: { min: [0, 0, 0], max: [1, 1, 1] }, noiseFree: true });
    void truth;
    // a 12 mm cube well inside the LV blood pool (LV cavity centre ≈ (+15, 0, −10) per PHANTOM §1)
    const lv = { min: [9, -6, -16] as [number, number, number], max: [21, 6, -4] as [number, number, number] };
    const noisy = renderCase(spec, { roiLps: lv }).volume.voxels;
    const clean = renderCase(spec, { roiLps: lv, noiseFree: true }).volume.voxels;
    let s = 0, s2 = 0;
    for (let q = 0; q < noisy.length; q++) {
      const d = noisy[q]! - clean[q]!;
      s += d;
      s2 += d * d;
    }
    const mean = s / noisy.length;
    const sd = Math.sqrt(s2 / noisy.length - mean * mean);
    expect(Math.abs(mean)).toBeLessThan(2);
    expect(Math.abs(sd - spec.noiseSdHu) / spec.noiseSdHu).toBeLessThan(0.1);
  });
});
