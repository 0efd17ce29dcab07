// Phantom render speed: one full-size study (512 × 512 × 281) per case, and the pieces of the pipeline.
import { measure, sink, type BenchResult } from '../harness';
import { CASES, renderCase } from '../../../sample-data/phantom/index';

export default async function bench(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const spec of CASES) {
    const r = await measure(`phantom renderCase ${spec.key} 512×512×281 (noise, PSF)`, () => {
      const { volume, truth } = renderCase(spec);
      sink(volume.voxels[volume.voxels.length >> 1]! + truth.lesions.length);
      return volume.voxels.length;
    }, { runs: 1, warmup: 0 });
    out.push({ ...r, extra: { voxels: 512 * 512 * 281 } });
  }
  return out;
}
