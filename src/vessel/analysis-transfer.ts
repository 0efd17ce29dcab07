/**
 * A vessel analysis in a compact transferable form for postMessage: one Float32Array of per-section columns
 * (transfer its buffer) and a small JSON header; `fromTransferable` rebuilds the plain object.
 */
import type { ProfileSample, VesselAnalysis } from './analyse.ts';
import type { Lps } from '../volume/volume.ts';

const COLUMNS = ['x', 'y', 'z', 'sMm', 'areaMm2', 'equivalentDiameterMm', 'minDiameterMm', 'maxDiameterMm', 'referenceDiameterMm', 'lumenHu', 'outerAreaMm2', 'hasLumen', 'calcifiedFraction'] as const;

export interface TransferableAnalysis {
  /** everything but the per-section columns */
  readonly header: {
    columns: readonly string[]; sections: number; stepMm: number; lengthMm: number;
  } & Pick<VesselAnalysis, 'lesions' | 'maxDiameterStenosisPct' | 'warnings' | 'branchesMm'>;
  /** sections × columns, row-major; transfer its buffer */
  readonly table: Float32Array;
}

export function toTransferable(a: VesselAnalysis): TransferableAnalysis {
  const n = a.profile.length, c = COLUMNS.length;
  const table = new Float32Array(n * c);
  a.profile.forEach((p, q) => {
    const pt = a.centreline.pointsLps[q]!;
    const row = [pt[0], pt[1], pt[2], p.sMm, p.areaMm2, p.equivalentDiameterMm, p.minDiameterMm, p.maxDiameterMm, p.referenceDiameterMm, p.lumenHu, p.outerAreaMm2, p.hasLumen ? 1 : 0, p.calcifiedFraction];
    table.set(row, q * c);
  });
  const header = {
    columns: COLUMNS, sections: n, stepMm: a.centreline.stepMm, lengthMm: a.centreline.lengthMm,
    lesions: a.lesions, maxDiameterStenosisPct: a.maxDiameterStenosisPct, warnings: a.warnings, branchesMm: a.branchesMm,
  };
  return { header, table };
}

export function fromTransferable(t: TransferableAnalysis): VesselAnalysis {
  const c = COLUMNS.length;
  const pts: Lps[] = [];
  const profile: ProfileSample[] = [];
  for (let q = 0; q < t.header.sections; q++) {
    const r = (k: number): number => t.table[q * c + k]!;
    pts.push([r(0), r(1), r(2)]);
    profile.push({ sMm: r(3), areaMm2: r(4), equivalentDiameterMm: r(5), minDiameterMm: r(6), maxDiameterMm: r(7), referenceDiameterMm: r(8), lumenHu: r(9), outerAreaMm2: r(10), hasLumen: r(11) === 1, calcifiedFraction: r(12) });
  }
  const h = t.header;
  return {
    centreline: { pointsLps: pts, stepMm: h.stepMm, lengthMm: h.lengthMm }, profile,
    lesions: h.lesions, maxDiameterStenosisPct: h.maxDiameterStenosisPct, warnings: h.warnings, branchesMm: h.branchesMm,
  };
}
