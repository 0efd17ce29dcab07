/** One study through the tree finder, scored against its truth (CAT08 style, src/tree/score.ts). */
import type { Volume } from '../../src/volume/volume.ts';
import type { Truth } from '../../sample-data/truth.ts';
import { findCoronaryTree, type TreeResult } from '../../src/tree/find-tree.ts';
import { scoreTree } from '../../src/tree/score.ts';
import { createComputeEngine } from '../../src/compute/engine.ts';
import type { StudyScore } from './summary.ts';

export async function scoreStudy(id: string, feature: string, volume: Volume, truth: Truth): Promise<StudyScore & { tree: TreeResult }> {
  const engine = await createComputeEngine(volume);
  const t0 = performance.now();
  const tree = findCoronaryTree(volume, { profiler: (_v, o) => engine.rays(o) });
  const seconds = (performance.now() - t0) / 1000;
  const score = scoreTree(truth.vessels.map((v) => ({ name: v.name, pointsLps: v.points.map((p) => p.lps), radiiMm: v.points.map((p) => p.referenceRadiusMm) })), tree.vessels);
  return { id, feature, dominanceFound: tree.dominance, dominanceTruth: truth.dominance, score, seconds, tree };
}
