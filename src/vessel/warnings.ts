/**
 * Warnings of the vessel analysis: a stable code and its figures, never words. Each front end words them in
 * French or English in its own terms (the CLI names its --from/--to options, the viewer the ostium and the
 * distal point).
 */

/** Which seed a warning is about: the proximal one (ostium, --from) or the distal one (--to). */
export type SeedEnd = 'proximal' | 'distal';

export type VesselWarning =
  /** the raw path crosses `gapMm` without contrast (an occlusion, or a path that left the vessel) */
  | { readonly code: 'path-without-contrast'; readonly params: { readonly gapMm: number } }
  /** the seed at `end` lies `offMm` off the lumen: that end is measured from the nearest lumen section */
  | { readonly code: 'seed-off-lumen'; readonly params: { readonly end: SeedEnd; readonly offMm: number } }
  /** the distal end is wider than the proximal end: the seeds look swapped */
  | { readonly code: 'seeds-swapped'; readonly params: Record<string, never> }
  /**
   * the lumen is wider than the `fieldMm` section field over `widePct` % of the vessel (the aorta or a chamber traced
   * by mistake): the analysis is made for coronary arteries and reports no stenosis
   */
  | { readonly code: 'vessel-too-wide'; readonly params: { readonly fieldMm: number; readonly widePct: number } };

export type VesselWarningCode = VesselWarning['code'];
