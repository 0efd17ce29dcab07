/**
 * One variant rendered with the training phantom's own anatomy, rasteriser and image formation
 * (sample-data/phantom: renderCase's steps, with the variant's tree and lesions in place of the case's), and its
 * truth: centrelines with reference radii, names, dominance.
 */
import type { Volume } from '../../src/volume/volume.ts';
import type { Truth } from '../../sample-data/truth.ts';
import type { CaseSpec, LesionSpec } from '../../sample-data/phantom/cases.ts';
import { caseGrid } from '../../sample-data/phantom/index.ts';
import { buildAnatomy } from '../../sample-data/phantom/heart.ts';
import { formImage, toInt16 } from '../../sample-data/phantom/imaging.ts';
import { buildLesions, buildVesselModels } from '../../sample-data/phantom/lesions.ts';
import type { CaseModel } from '../../sample-data/phantom/model.ts';
import { motionBlurRca } from '../../sample-data/phantom/motion.ts';
import { paintSleeves, paintVessels } from '../../sample-data/phantom/raster-vessels.ts';
import { rasterAnatomy } from '../../sample-data/phantom/render.ts';
import { sdTube } from '../../sample-data/phantom/shapes.ts';
import { coronaryLumenHu, tissueHu } from '../../sample-data/phantom/tissue.ts';
import { buildTruth } from '../../sample-data/phantom/truth-build.ts';
import { mulberry32, uniform } from '../../sample-data/phantom/rng.ts';
import { buildVariantTree } from './variant-tree.ts';
import type { TreeVariantSpec } from './variants.ts';

const BASE = {
  seed: 0, heartRateBpm: 62, phasePct: 75, gating: 'prospective', phaseDescription: '', seriesDescription: '',
  convolutionKernel: 'B26f', motionBlur: false, expected: { cadRadsLabel: '', category: '2', plaqueBurden: 'P1', sis: 0 },
} as const;

/** Calcified plaques (PHANTOM §3: 700–1000 HU, arcs to circumferential) along the main trunks, DS 30–55 %. */
function calciumLesions(v: TreeVariantSpec): LesionSpec[] {
  const rng = mulberry32(v.seed ^ 0xca1c);
  const sites: [LesionSpec['vessel'], number][] = [['LAD', 8], ['LAD', 40], ['RCA', 25], ['RCA', 60], ['LCx', 7]];
  if (v.leftOrigin === 'lm') sites.push(['LM', 4]);
  return sites.map(([vessel, s], q) => ({
    id: `CA${q + 1}`, vessel, anchor: 'ostium', offsetMm: s + uniform(rng, -2, 2), proximalMm: 3, distalMm: 3,
    dsPct: Math.round(uniform(rng, 30, 55)), remodellingIndex: 1, eccentricity: uniform(rng, 0.2, 0.8), plaqueSide: 'myocardial',
    plaqueType: 'calcified', plaque: { fibrousHu: 70, calcium: { arcDeg: Math.round(uniform(rng, 140, 360)), hu: Math.round(uniform(rng, 750, 1000)) } },
  }));
}

function lesionsOf(v: TreeVariantSpec): LesionSpec[] {
  const out = v.heavyCalcium ? calciumLesions(v) : [];
  const o = v.occlusion;
  if (o) {
    out.push({
      id: 'OCC', vessel: o.vessel, anchor: 'ostium', offsetMm: o.centreMm, proximalMm: o.lengthMm / 2, distalMm: o.lengthMm / 2,
      dsPct: 100, remodellingIndex: 1, eccentricity: 0, plaqueSide: 'myocardial', plaqueType: 'non-calcified',
      plaque: { fibrousHu: 60 }, occlusion: { refillHuFraction: o.refill },
    });
  }
  return out;
}

export function variantModel(v: TreeVariantSpec): CaseModel {
  const iodine = v.imaging.kvp === 100 ? 1.2 : 1;
  const spec = {
    ...BASE, key: 'cas1', caseId: v.id, name: v.id, seed: v.seed, kvp: v.imaging.kvp, pixelMm: v.imaging.pixelMm,
    noiseSdHu: v.imaging.noiseSdHu, iodineFactor: iodine, lesions: lesionsOf(v),
  } as unknown as CaseSpec;
  const anatomy = buildAnatomy(v.seed);
  const tree = buildVariantTree(anatomy, v);
  const lesions = buildLesions(tree, spec.lesions);
  const tissue = tissueHu(iodine, 1);
  const vessels = buildVesselModels(tree, lesions, (s) => coronaryLumenHu(tissue, s));
  return { spec, anatomy, tree, lesions, vessels, tissue };
}

/** The variant's volume (512², the variant's pixel size, 0.5 mm slices over the phantom's scan range) and truth. */
export function renderVariant(v: TreeVariantSpec): { volume: Volume; truth: Truth } {
  const model = variantModel(v);
  const grid = caseGrid(model.spec, { pixelMm: v.imaging.pixelMm });
  const hMm = Math.cbrt(grid.spacing[0] * grid.spacing[1] * grid.spacing[2]);
  const hu = rasterAnatomy(grid, model.anatomy, model.tissue);
  const an = model.anatomy;
  const insideAorta = (x: number, y: number, z: number): boolean =>
    Math.hypot(x - an.rootLps[0], y - an.rootLps[1], z - an.rootLps[2]) < an.rootRadiusMm + 0.5 ||
    sdTube(x, y, z, an.ascAortaLps, an.ascAortaRadiusMm + 0.5) < 0;
  const order = [...model.vessels].reverse();
  paintSleeves({ grid, hu, hMm }, order, model.tissue.epicardialFat, insideAorta);
  paintVessels({ grid, hu, hMm }, order, model.lesions);
  if (v.imaging.motionBlur) motionBlurRca(grid, hu, model);
  formImage(hu, grid.dims, { noiseSdHu: v.imaging.noiseSdHu, psfFwhmMm: v.imaging.psfFwhmMm, noPsf: false, noiseFree: false, seed: v.seed, spacingMm: grid.spacing });
  const geometry = { dimensions: grid.dims, spacingMm: grid.spacing, originLps: grid.origin, directions: grid.dirs };
  const volume: Volume = { ...geometry, voxels: toInt16(hu) };
  const truth = buildTruth(model.spec, model.vessels, model.lesions, geometry,
    { kvp: v.imaging.kvp, noiseSdHu: v.imaging.noiseSdHu, psfFwhmMm: v.imaging.psfFwhmMm, aortaHu: Math.round(model.tissue.leftBlood) });
  return { volume, truth: { ...truth, dominance: v.dominance === 'co' ? 'co-dominant' : v.dominance } };
}
