/** The bifurcation of each lesion of the selected vessel, from the other traced vessels and the image (src/vessel/bifurcation.ts). */
import { lesionBifurcation, type BifurcationVessel, type LesionBifurcation } from '../../vessel/bifurcation.ts';
import type { Lesion, VesselAnalysis } from '../../vessel/analyse.ts';
import type { VesselController } from '../../viewer/vessel/vessel-controller.ts';
import type { VesselName } from '../../report/segments.ts';
import { vesselShortName } from './vessel-short-names.ts';
import type { Lang } from '../../i18n/index.ts';
import { format } from '../../i18n/index.ts';

const asBranch = (id: string, a: VesselAnalysis): BifurcationVessel => ({ id, pointsLps: a.centreline.pointsLps, profile: a.profile, lesions: a.lesions });

/** A lesion's bifurcation finder for the vessel `id` (its analysis `a`), reading the other measured vessels. */
export function bifurcationFinder(c: VesselController, id: string, a: VesselAnalysis): (l: Lesion) => LesionBifurcation | undefined {
  const key = c.state.studyKey;
  const others = (key ? c.store.list(key) : []).filter((v) => v.id !== id).flatMap((v) => {
    const o = c.display(v.id)?.analysis;
    return o ? [asBranch(v.id, o)] : [];
  });
  const main = asBranch(id, a);
  return (l) => lesionBifurcation(main, l.extent, l.sMm, others, a.branchesMm);
}

/** "bifurcation (Dg1) · Medina 1,1,1": the side branch named when traced and named, "?" for a digit not measured. */
export function bifurcationText(c: VesselController, b: LesionBifurcation, lang: Lang): string {
  const name: VesselName | undefined = b.sideId ? c.store.list(c.state.studyKey ?? '').find((v) => v.id === b.sideId)?.name : undefined;
  return format(lang, 'lesionBifurcation', { branch: name ? ` (${vesselShortName(name, lang)})` : '', medina: b.medina.map((d) => (d === undefined ? '?' : d)).join(',') });
}
