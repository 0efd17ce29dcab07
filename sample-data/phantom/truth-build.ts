// Ground truth of a rendered case (sample-data/truth.ts schema), computed from the same geometry the
// rasteriser uses: lumen radii from the lumen circle model, volumes by numerical integration of classify().
import type { Truth, TruthCadRads, TruthLesion, TruthPoint, TruthVessel, VesselName } from '../truth';
import type { CaseSpec } from './cases';
import { STEP_MM } from './coronary';
import { classify, profile, SAMPLE_PLAQUE, type LesionGeom, type VesselModel } from './lesions';

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const SIS_SEGMENTS = new Set([5, 6, 7, 8, 9, 10, 17, 11, 13, 12, 14, 1, 2, 3, 4, 16]);
const CALCIUM_HU = 350;
const LAP_HU = 30;

export function truthVessels(models: VesselModel[]): TruthVessel[] {
  return models.map((m) => {
    const v = m.path;
    const points = [];
    for (let i = 0; i < v.n; i++) {
      const pt: TruthPoint = {
        sMm: r3(i * STEP_MM),
        lps: [r3(v.pos[3 * i]!), r3(v.pos[3 * i + 1]!), r3(v.pos[3 * i + 2]!)] as [number, number, number],
        referenceRadiusMm: r3(v.refRadiusMm[i]!),
        lumenRadiusMm: r3(m.rLum[i]!),
        segment: v.segment[i]!,
      };
      const c1 = m.c1[i]!, c2 = m.c2[i]!;
      if (Math.hypot(c1, c2) > 0.005) {
        pt.lumenCentreLps = [0, 1, 2].map((k) => r3(v.pos[3 * i + k]! + c1 * v.n1[3 * i + k]! + c2 * v.n2[3 * i + k]!)) as [number, number, number];
      }
      points.push(pt);
    }
    const segs = [...new Set(Array.from(v.segment))];
    return {
      name: v.name, parent: v.parent, branchSMm: v.branchSMm, segments: segs,
      seeds: { ostiumLps: points[0]!.lps, distalLps: points[points.length - 1]!.lps },
      lengthMm: r3(v.lengthMm), points,
    };
  });
}

interface PlaqueStats { calcified: number; nonCalcified: number; lowAttenuation: number; segments: Set<number> }

/** Plaque volumes (mm³) by class over a lesion's span: 0.05 mm grid in every 0.25 mm cross-section. */
function plaqueStats(m: VesselModel, lesions: LesionGeom[], li: number, st: PlaqueStats): void {
  const g = lesions[li]!;
  const v = m.path;
  const out = new Float64Array(1);
  const cell = 0.05;
  for (let i = 0; i < v.n; i++) {
    if (m.lesionAt[i] !== li || profile(g, i * STEP_MM) <= 0) continue;
    const R = m.rOut[i]!;
    const nC = Math.ceil(R / cell);
    let any = false;
    for (let a = -nC; a < nC; a++) for (let b = -nC; b < nC; b++) {
      const u1 = (a + 0.5) * cell;
      const u2 = (b + 0.5) * cell;
      const qx = v.pos[3 * i]! + u1 * v.n1[3 * i]! + u2 * v.n2[3 * i]!;
      const qy = v.pos[3 * i + 1]! + u1 * v.n1[3 * i + 1]! + u2 * v.n2[3 * i + 1]!;
      const qz = v.pos[3 * i + 2]! + u1 * v.n1[3 * i + 2]! + u2 * v.n2[3 * i + 2]!;
      if (classify(m, lesions, i, u1, u2, qx, qy, qz, out) !== SAMPLE_PLAQUE) continue;
      any = true;
      const dv = cell * cell * STEP_MM;
      if (out[0]! >= CALCIUM_HU) st.calcified += dv;
      else if (out[0]! < LAP_HU) st.lowAttenuation += dv;
      else st.nonCalcified += dv;
    }
    if (any) st.segments.add(v.segment[i]!);
  }
}

/** Wall thickness of the plaque at angle θ (outer radius minus lumen boundary along the ray). */
function thicknessAt(m: VesselModel, i: number, th: number): number {
  const d1 = Math.cos(th), d2 = Math.sin(th);
  const dc = d1 * m.c1[i]! + d2 * m.c2[i]!;
  const cc = m.c1[i]! ** 2 + m.c2[i]! ** 2;
  const rhoL = dc + Math.sqrt(Math.max(0, dc * dc - cc + m.rLum[i]! ** 2));
  return Math.max(0, m.rOut[i]! - rhoL);
}

function lesionTruth(models: VesselModel[], lesions: LesionGeom[], li: number, stats: PlaqueStats): TruthLesion {
  const g = lesions[li]!;
  const m = models.find((x) => x.path === g.vessel)!;
  const v = m.path;
  const iC = Math.round(g.sCentreMm / STEP_MM);
  let mla = Infinity;
  for (let i = 0; i < v.n; i++) if (m.lesionAt[i] === li) mla = Math.min(mla, Math.PI * m.rLum[i]! ** 2);
  const rd = 2 * v.refRadiusMm[iC]!;
  const ra = Math.PI * v.refRadiusMm[iC]! ** 2;
  const mld = 2 * Math.sqrt(mla / Math.PI);
  let tMax = 0, tMin = Infinity, over = 0;
  const nA = 720;
  const ts: number[] = [];
  for (let a = 0; a < nA; a++) {
    const t = thicknessAt(m, iC, (2 * Math.PI * a) / nA);
    ts.push(t);
    tMax = Math.max(tMax, t);
    tMin = Math.min(tMin, t);
  }
  for (const t of ts) if (t >= 0.5 * tMax) over++;
  const ca = g.spec.plaque.calcium;
  const arcDeg = g.spec.plaqueType === 'calcified' && ca ? Math.min(360, ca.arcDeg) : Math.round((360 * over) / nA);
  const sides = lesions.filter((x) => x.spec.partOf === g.spec.id);
  const side = sides.find((x) => x.vessel.name === g.spec.sideBranch);
  const sideDs = (x: LesionGeom) => {
    const sm = models.find((mm) => mm.path === x.vessel)!;
    let a = Infinity;
    sm.lesionAt.forEach((l, i) => { if (lesions[l] === x) a = Math.min(a, Math.PI * sm.rLum[i]! ** 2); });
    const iS = Math.round(x.sCentreMm / STEP_MM);
    return r3(100 * (1 - (2 * Math.sqrt(a / Math.PI)) / (2 * sm.path.refRadiusMm[iS]!)));
  };
  const lap = stats.lowAttenuation > 0;
  const ri = g.spec.remodellingIndex;
  const t: TruthLesion = {
    id: g.spec.id, vessel: v.name, segment: v.segment[iC]!, sMm: r3(g.sCentreMm),
    startSMm: r3(g.startSMm), endSMm: r3(g.endSMm), lengthMm: r3(g.endSMm - g.startSMm),
    referenceDiameterMm: r3(rd), mldMm: r3(mld), diameterStenosisPct: r3(100 * (1 - mld / rd)),
    referenceAreaMm2: r3(ra), mlaMm2: r3(mla), areaStenosisPct: r3(100 * (1 - mla / ra)),
    plaqueType: g.spec.plaqueType, arcDeg, eccentric: tMax > 0 && (tMax - tMin) / tMax >= 0.5,
    remodellingIndex: ri,
    volumesMm3: { calcified: r3(stats.calcified), nonCalcified: r3(stats.nonCalcified), lowAttenuation: r3(stats.lowAttenuation) },
    highRisk: {
      positiveRemodelling: ri > 1.1, lowAttenuation: lap,
      spottyCalcification: (g.spec.plaque.spots ?? []).some((s) => 2 * s.radiusMm < 3),
      napkinRing: g.spec.napkinRing === true,
    },
  };
  if (g.spec.occlusion) {
    const before = Math.max(0, Math.ceil(g.startSMm / STEP_MM) - 1), after = Math.min(v.n - 1, Math.floor(g.endSMm / STEP_MM) + 1);
    t.totalOcclusion = true;
    t.collateralRefill = {
      huFraction: g.spec.occlusion.refillHuFraction, proximalLumenHu: r3(m.lumenHu[before]!), distalLumenHu: r3(m.lumenHu[after]!),
    };
  }
  if (g.spec.medina && g.spec.sideBranch) {
    t.bifurcation = {
      sideBranch: g.spec.sideBranch, sideBranchDiameterStenosisPct: side ? sideDs(side) : 0, medina: g.spec.medina,
      ostialStenoses: sides.map((x) => ({ vessel: x.vessel.name, diameterStenosisPct: sideDs(x) })),
    };
  }
  return t;
}

export function truthLesions(models: VesselModel[], lesions: LesionGeom[]): { lesions: TruthLesion[]; segments: Set<number> } {
  const out: TruthLesion[] = [];
  const allSegs = new Set<number>();
  lesions.forEach((g, li) => {
    if (g.spec.partOf) return;
    const st: PlaqueStats = { calcified: 0, nonCalcified: 0, lowAttenuation: 0, segments: new Set() };
    plaqueStats(models.find((m) => m.path === g.vessel)!, lesions, li, st);
    lesions.forEach((x, lj) => {
      if (x.spec.partOf === g.spec.id) plaqueStats(models.find((m) => m.path === x.vessel)!, lesions, lj, st);
    });
    st.segments.forEach((s) => allSegs.add(s));
    out.push(lesionTruth(models, lesions, li, st));
  });
  return { lesions: out, segments: allSegs };
}

const MAIN_VESSEL: Record<VesselName, 'LM' | 'LAD' | 'LCx' | 'RCA'> = {
  LM: 'LM', LAD: 'LAD', D1: 'LAD', D2: 'LAD', ramus: 'LCx', LCx: 'LCx', OM1: 'LCx', OM2: 'LCx', RCA: 'RCA', 'R-PDA': 'RCA', 'R-PLB': 'RCA',
};

/** CAD-RADS 2.0 from the truth lesions (PHANTOM §5 rules). */
export function cadRadsOf(lesions: TruthLesion[], segments: Set<number>, calciumVolumeMm3: number): TruthCadRads {
  const ds = (l: TruthLesion) => (l.totalOcclusion ? 100 : l.diameterStenosisPct);
  const worst = Math.max(0, ...lesions.map(ds));
  const all = [...lesions.map((l) => ({ vessel: l.vessel, ds: ds(l) })),
    ...lesions.flatMap((l) => (l.bifurcation?.ostialStenoses ?? []).map((o) => ({ vessel: o.vessel, ds: o.diameterStenosisPct })))];
  const lm50 = all.some((x) => x.vessel === 'LM' && x.ds >= 50);
  const severeVessels = new Set(all.filter((x) => x.ds >= 70 && x.vessel !== 'LM').map((x) => MAIN_VESSEL[x.vessel]));
  let category: TruthCadRads['category'];
  if (worst >= 100) category = '5';
  else if (lm50 || severeVessels.size >= 3) category = '4B';
  else if (worst >= 70) category = '4A';
  else if (worst >= 50) category = '3';
  else if (worst >= 25) category = '2';
  else if (worst > 0) category = '1';
  else category = '0';
  const sis = [...segments].filter((s) => SIS_SEGMENTS.has(s)).length;
  const plaqueBurden = sis === 0 ? null : sis <= 2 ? 'P1' : sis <= 4 ? 'P2' : sis <= 7 ? 'P3' : 'P4';
  const hrp = lesions.some((l) => Object.values(l.highRisk).filter(Boolean).length >= 2);
  const modifiers = hrp ? ['HRP'] : [];
  const label = ['CAD-RADS ' + category, ...(plaqueBurden ? [plaqueBurden] : []), ...modifiers].join('/');
  return {
    category, plaqueBurden, modifiers, label, segmentInvolvementScore: sis,
    calciumScoreEstimate: Math.round(3 * calciumVolumeMm3),
  };
}

export function buildTruth(spec: CaseSpec, models: VesselModel[], lesions: LesionGeom[], geometry: Truth['geometry'], imaging: Truth['imaging']): Truth {
  const { lesions: tl, segments } = truthLesions(models, lesions);
  const caVol = tl.reduce((a, l) => a + l.volumesMm3.calcified, 0);
  return {
    schemaVersion: 1, caseId: spec.caseId, name: spec.name,
    studyInstanceUid: '', seriesInstanceUid: '',
    geometry, imaging, dominance: 'right',
    vessels: truthVessels(models), lesions: tl, cadRads: cadRadsOf(tl, segments, caVol),
  };
}
