/**
 * The bifurcation of each measured lesion in the study's snapshots (src/vessel/bifurcation.ts), read from the other
 * measured vessels and the image's side branches, so that the report says what the lesion table shows (Medina).
 */
import { lesionBifurcation, type BifurcationVessel } from '../vessel/bifurcation.ts';
import type { VesselAnalysis } from '../vessel/analyse.ts';
import type { VesselRecord } from './vessel-store.ts';
import type { VesselSnapshot } from './work-model.ts';

const asBranch = (id: string, a: VesselAnalysis): BifurcationVessel => ({ id, pointsLps: a.centreline.pointsLps, profile: a.profile, lesions: a.lesions });

/** `snaps` with each measured lesion's bifurcation (Medina digits, the side branch's name when traced and named). */
export function withBifurcations(snaps: readonly VesselSnapshot[], records: readonly VesselRecord[], analyses: ReadonlyMap<string, VesselAnalysis>): VesselSnapshot[] {
  const measured = records.flatMap((r) => {
    const a = analyses.get(r.id);
    return a && r.status === 'ready' ? [{ r, a }] : [];
  });
  return snaps.map((s) => {
    const self = measured.find((m) => m.r.id === s.id);
    if (!s.measured || !self) return s;
    const main = asBranch(s.id, self.a);
    const others = measured.filter((m) => m.r.id !== s.id).map((m) => asBranch(m.r.id, m.a));
    const lesions = s.measured.lesions.map((l, i) => {
      const src = self.a.lesions[i];
      const b = src ? lesionBifurcation(main, src.extent, src.sMm, others, self.a.branchesMm) : undefined;
      if (!b) return l;
      const side = b.sideId ? records.find((r) => r.id === b.sideId)?.name : undefined;
      return { ...l, bifurcation: { medina: b.medina, ...(side ? { sideVessel: side } : {}) } };
    });
    return { ...s, measured: { ...s.measured, lesions } };
  });
}
