/** Drawing the lesions of one vessel: shapes, severities, plaque, placement (tandem pairs included). */
import type { Rng } from './prng.ts';
import type { CalciumArc, LesionShape, LesionSpec, Nodule, PlaqueType } from './spec.ts';

interface Draft { shape: LesionShape; plaque: PlaqueType; lengthMm: number; runMm: number; shoulderMm: number; rampMm: number }

const STENOSIS_PLAQUE: Readonly<Record<Exclude<PlaqueType, 'occlusion' | 'ca-nonstenotic'>, number>> = {
  calcified: 0.25, noncalcified: 0.18, lap: 0.14, napkin: 0.1, mixed: 0.18, spotty: 0.15,
};

function draftLesion(rng: Rng, allowOcclusion: boolean, maxLengthMm: number): Draft {
  const shapes: Record<LesionShape, number> = { cosine: 0.4, abrupt: 0.25, diffuse: maxLengthMm >= 20 ? 0.2 : 0, occlusion: allowOcclusion ? 0.15 : 0 };
  const shape = rng.weighted(shapes);
  if (shape === 'occlusion') {
    const runMm = rng.uniform(5, 20), shoulderMm = rng.uniform(1, 3);
    return { shape, plaque: 'occlusion', lengthMm: runMm + 2 * shoulderMm, runMm, shoulderMm, rampMm: 0 };
  }
  const plaque = rng.weighted(STENOSIS_PLAQUE);
  const lengthMm = shape === 'cosine' ? rng.uniform(5, 15) : shape === 'abrupt' ? rng.uniform(3, 10) : rng.uniform(20, 30);
  return { shape, plaque, lengthMm: Math.min(lengthMm, maxLengthMm), runMm: 0, shoulderMm: 0, rampMm: rng.uniform(0.4, 1.0) };
}

/** rRef: reference lumen radius at an arc length; wallMm: the wall ring. */
export interface LesionContext { readonly lengthMm: number; readonly wallMm: number; rRef(sMm: number): number }

function calciumArc(rng: Rng, centreRad: number, peakSMm: number, lengthMm: number, arcDeg: readonly [number, number], thick: readonly [number, number]): CalciumArc {
  const halfMm = lengthMm * rng.uniform(0.2, 0.4);
  return {
    arcDeg: rng.uniform(arcDeg[0], arcDeg[1]), centreRad, thicknessMm: rng.uniform(thick[0], thick[1]), hu: rng.uniform(600, 1300),
    s0Mm: peakSMm - halfMm, s1Mm: peakSMm + halfMm,
  };
}

/** Plaque content, eccentricity and remodelling of a placed lesion. */
function finish(rng: Rng, d: Draft, id: string, centreSMm: number, ctx: LesionContext, tandemWith: string | null): LesionSpec {
  const peakSMm = d.shape === 'diffuse' ? centreSMm + rng.uniform(-0.2, 0.2) * d.lengthMm : centreSMm;
  const dsFraction = d.shape === 'occlusion' ? 1 : rng.uniform(0.15, 0.99);
  const eccentric = d.shape !== 'occlusion' && rng.chance(0.6);
  const eccentricity = eccentric ? rng.uniform(0.3, 0.95) : rng.uniform(0, 0.15);
  const eccentricRad = rng.uniform(0, 2 * Math.PI);
  const r = ctx.rRef(peakSMm) + ctx.wallMm;
  const ri = d.plaque === 'napkin' ? rng.uniform(1.15, 1.5) : rng.chance(0.4) ? rng.uniform(1.1, 1.5) : 1;
  const outerGrowthMm = (Math.sqrt(ri) - 1) * r;
  const plaqueSide = eccentricRad + Math.PI + rng.uniform(-0.5, 0.5);
  let plaqueHu = rng.uniform(30, 90);
  let calcium: CalciumArc | null = null;
  const nodules: Nodule[] = [];
  let rim: LesionSpec['rim'] = null;
  const nodule = (sMm: number, angleRad: number): Nodule => ({ sMm, angleRad, diameterMm: rng.uniform(0.5, 1.5), hu: rng.uniform(600, 1300) });
  switch (d.plaque) {
    case 'calcified': calcium = calciumArc(rng, plaqueSide, peakSMm, d.lengthMm, [90, 360], [0.4, 1.2]); break;
    case 'lap': plaqueHu = rng.uniform(-30, 30); break;
    case 'napkin': plaqueHu = rng.uniform(-30, 30); rim = { hu: rng.uniform(50, 100), thicknessMm: rng.uniform(0.3, 0.6) }; break;
    case 'mixed':
      nodules.push(nodule(peakSMm + rng.uniform(-0.3, 0.3) * d.lengthMm, plaqueSide + rng.uniform(-0.6, 0.6)));
      if (rng.chance(0.5)) calcium = calciumArc(rng, plaqueSide, peakSMm, d.lengthMm, [90, 180], [0.3, 0.8]);
      break;
    case 'spotty': {
      plaqueHu = rng.uniform(-30, 90);
      const k = rng.int(1, 3);
      for (let q = 0; q < k; q++) nodules.push(nodule(centreSMm + rng.uniform(-0.35, 0.35) * d.lengthMm, plaqueSide + rng.uniform(-1, 1)));
      break;
    }
    case 'occlusion': if (rng.chance(0.5)) calcium = calciumArc(rng, rng.uniform(0, 2 * Math.PI), centreSMm, d.lengthMm, [90, 360], [0.4, 1.0]); break;
    default: break;
  }
  return {
    id, shape: d.shape, plaque: d.plaque, centreSMm, lengthMm: d.lengthMm, peakSMm, dsFraction, runMm: d.runMm, shoulderMm: d.shoulderMm,
    rampMm: d.rampMm, eccentricity, eccentricRad, outerGrowthMm, plaqueHu, calcium, nodules, rim, tandemWith,
  };
}

/** A calcified plaque that does not narrow the lumen (< 15 %): its calcium sits in the remodelled wall. */
function nonStenotic(rng: Rng, id: string, centreSMm: number, lengthMm: number, rRefMm: number): LesionSpec {
  const thicknessMm = rng.uniform(0.4, 0.8);
  const dsFraction = rng.uniform(0, 0.12);
  const calcium = calciumArc(rng, rng.uniform(0, 2 * Math.PI), centreSMm, lengthMm, [90, 360], [thicknessMm, thicknessMm]);
  return {
    id, shape: 'cosine', plaque: 'ca-nonstenotic', centreSMm, lengthMm, peakSMm: centreSMm, dsFraction, runMm: 0, shoulderMm: 0, rampMm: 0,
    eccentricity: rng.uniform(0, 0.5), eccentricRad: rng.uniform(0, 2 * Math.PI),
    // the wall grows outward by what the calcium needs beyond the little the lumen gives up
    outerGrowthMm: Math.max(0.1, thicknessMm - dsFraction * rRefMm) * rng.uniform(0.9, 1.1),
    plaqueHu: rng.uniform(30, 90), calcium: { ...calcium, s0Mm: centreSMm - lengthMm * 0.3, s1Mm: centreSMm + lengthMm * 0.3 }, nodules: [], rim: null, tandemWith: null,
  };
}

const MARGIN_MM = 5; // healthy vessel kept at each end, so a reference exists on both sides
const GAP_MM = 4; // between the supports of two separate lesions

/** 1–3 lesions (a tandem pair sometimes), plus a non-stenotic calcified plaque in about half the vessels. */
export function drawLesions(rng: Rng, seriesId: string, ctx: LesionContext): LesionSpec[] {
  const want = Number(rng.weighted({ 1: 0.2, 2: 0.35, 3: 0.45 }));
  const placed: { lo: number; hi: number }[] = [];
  const out: LesionSpec[] = [];
  const free = (lo: number, hi: number, gap: number): boolean => lo >= MARGIN_MM && hi <= ctx.lengthMm - MARGIN_MM && placed.every((p) => hi + gap <= p.lo || lo - gap >= p.hi);
  const place = (d: Draft, centre: number, tandem: string | null, gap: number): LesionSpec | null => {
    if (!free(centre - d.lengthMm / 2, centre + d.lengthMm / 2, gap)) return null;
    const l = finish(rng, d, `${seriesId}-L${out.length + 1}`, centre, ctx, tandem);
    placed.push({ lo: centre - d.lengthMm / 2, hi: centre + d.lengthMm / 2 });
    out.push(l);
    return l;
  };
  let occlusionUsed = false;
  if (want >= 2 && rng.chance(0.4)) {
    const apartMm = rng.uniform(8, 25);
    const a = draftLesion(rng, false, apartMm - 2), b = draftLesion(rng, !occlusionUsed, apartMm - 2);
    if (b.shape === 'occlusion') occlusionUsed = true;
    for (let tries = 0; tries < 40; tries++) {
      const c0 = rng.uniform(MARGIN_MM, ctx.lengthMm - MARGIN_MM - apartMm);
      const c1 = c0 + apartMm;
      if (c1 - c0 - (a.lengthMm + b.lengthMm) / 2 < 2) break;
      if (!free(c0 - a.lengthMm / 2, c0 + a.lengthMm / 2, GAP_MM) || !free(c1 - b.lengthMm / 2, c1 + b.lengthMm / 2, GAP_MM)) continue;
      const first = place(a, c0, null, GAP_MM)!;
      const id1 = `${seriesId}-L${out.length + 1}`;
      out[out.length - 1] = { ...first, tandemWith: id1 };
      place(b, c1, first.id, 0);
      break;
    }
  }
  while (out.length < want) {
    const d = draftLesion(rng, !occlusionUsed, ctx.lengthMm - 2 * MARGIN_MM - 2);
    let ok = false;
    for (let tries = 0; tries < 40 && !ok; tries++) ok = place(d, rng.uniform(MARGIN_MM, ctx.lengthMm - MARGIN_MM), null, GAP_MM) !== null;
    if (!ok) break;
    if (d.shape === 'occlusion') occlusionUsed = true;
  }
  if (rng.chance(0.5)) {
    const len = rng.uniform(4, 10);
    for (let tries = 0; tries < 40; tries++) {
      const c = rng.uniform(MARGIN_MM, ctx.lengthMm - MARGIN_MM);
      if (!free(c - len / 2, c + len / 2, GAP_MM)) continue;
      out.push(nonStenotic(rng, `${seriesId}-N1`, c, len, ctx.rRef(c)));
      placed.push({ lo: c - len / 2, hi: c + len / 2 });
      break;
    }
  }
  return out.sort((p, q) => p.centreSMm - q.centreSMm);
}
