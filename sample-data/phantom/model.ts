// The analytic model of one case (no voxels): anatomy, tree, lesions, cross-section models.
// Also the exact lumen membership used by tests.
import type { CaseSpec } from './cases';
import { buildAnatomy, type Anatomy } from './heart';
import { buildLesions, buildVesselModels, classify, SAMPLE_LUMEN, type LesionGeom, type VesselModel } from './lesions';
import { tissueHu, coronaryLumenHu, type TissueHu } from './tissue';
import { buildTree, type Tree } from './tree';

export interface CaseModel {
  spec: CaseSpec;
  anatomy: Anatomy;
  tree: Tree;
  lesions: LesionGeom[];
  vessels: VesselModel[];
  tissue: TissueHu;
}

export function buildCaseModel(spec: CaseSpec, contrastScale = 1): CaseModel {
  const anatomy = buildAnatomy(spec.seed);
  const tree = buildTree(anatomy);
  const lesions = buildLesions(tree, spec.lesions);
  const tissue = tissueHu(spec.iodineFactor, contrastScale);
  const vessels = buildVesselModels(tree, lesions, (s) => coronaryLumenHu(tissue, s));
  return { spec, anatomy, tree, lesions, vessels, tissue };
}

/**
 * Exact analytic coronary lumen membership at an LPS point: true when the point lies in the lumen of
 * any vessel (the cross-section of the vessel's nearest centreline point, as the rasteriser uses).
 */
export function insideLumen(model: CaseModel, lps: readonly [number, number, number]): boolean {
  const out = new Float64Array(1);
  for (const m of model.vessels) {
    const v = m.path;
    let best = -1;
    let bestD2 = Infinity;
    for (let i = 0; i < v.n; i++) {
      const dx = lps[0] - v.pos[3 * i]!, dy = lps[1] - v.pos[3 * i + 1]!, dz = lps[2] - v.pos[3 * i + 2]!;
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 < bestD2) { bestD2 = d2; best = i; }
    }
    if (best < 0 || bestD2 > (m.rOut[best]! + 1) ** 2) continue;
    const i = best;
    const dx = lps[0] - v.pos[3 * i]!, dy = lps[1] - v.pos[3 * i + 1]!, dz = lps[2] - v.pos[3 * i + 2]!;
    const x = dx * v.tan[3 * i]! + dy * v.tan[3 * i + 1]! + dz * v.tan[3 * i + 2]!;
    let u1 = dx * v.n1[3 * i]! + dy * v.n1[3 * i + 1]! + dz * v.n1[3 * i + 2]!;
    let u2 = dx * v.n2[3 * i]! + dy * v.n2[3 * i + 1]! + dz * v.n2[3 * i + 2]!;
    if ((i === 0 && x < 0) || (i === v.n - 1 && x > 0)) {
      const rho = Math.hypot(u1, u2);
      const k = rho > 1e-9 ? Math.hypot(rho, x) / rho : 1;
      u1 *= k; u2 *= k;
    }
    if (classify(m, model.lesions, i, u1, u2, lps[0], lps[1], lps[2], out) === SAMPLE_LUMEN) return true;
  }
  return false;
}
