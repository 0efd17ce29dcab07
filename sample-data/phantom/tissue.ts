// Attenuation (HU) of every tissue for one case (PHANTOM.md §3). Iodine-bearing tissues scale with the
// enhancement E = 410 HU × iodine factor (100 kV: +20 %) × contrastScale; blood without iodine is 40 HU.
// Right heart 40 + 0.3·E ≈ 160 HU at 120 kV (split bolus, PHANTOM §3 gives 100–150: a little higher so the RV
// cavity stays distinct from the myocardium at W800/L200).

export interface TissueHu {
  air: number; lung: number; subcutFat: number; mediastinalFat: number; epicardialFat: number;
  muscle: number; cortex: number; trabecular: number; pericardium: number; vesselWall: number;
  liver: number; stomach: number; myocardium: number; atrialWall: number;
  leftBlood: number; rightBlood: number; paBlood: number; svcBlood: number; azygos: number;
  /** iodine enhancement of the left heart / aorta, HU */
  enhancementHu: number;
  unenhancedBloodHu: number;
}

export function tissueHu(iodineFactor: number, contrastScale: number): TissueHu {
  const e = 410 * iodineFactor * contrastScale;
  return {
    air: -1000, lung: -830, subcutFat: -100, mediastinalFat: -92, epicardialFat: -80,
    muscle: 50, cortex: 950, trabecular: 160, pericardium: 35, vesselWall: 45,
    liver: 55 + 0.06 * e, stomach: 30, myocardium: 40 + 0.12 * e, atrialWall: 40 + 0.08 * e,
    leftBlood: 40 + e, rightBlood: 40 + 0.3 * e, paBlood: 40 + 0.32 * e, svcBlood: 40 + 0.45 * e,
    azygos: 40 + 0.2 * e, enhancementHu: e, unenhancedBloodHu: 40,
  };
}

/**
 * Coronary lumen HU at arc length sFromAortaMm along the tree (−1.9 HU per 10 mm at 450 HU,
 * Choi JACC CVI 2011; ostium 3 % below the aorta).
 */
export function coronaryLumenHu(t: TissueHu, sFromAortaMm: number): number {
  return t.unenhancedBloodHu + t.enhancementHu * (0.97 - 0.00046 * sFromAortaMm);
}
