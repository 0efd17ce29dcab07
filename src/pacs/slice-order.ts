/**
 * The order of a series' slices along their normal, from the positions QIDO-RS listed: with it the viewer
 * builds the volume before the slices' bytes arrive and fills it as they come, and the middle slice (the
 * first axial image shown) is asked for first. Undefined when the listing cannot tell (a position or the
 * orientation missing, orientations that differ, two slices at one place): the series is then opened
 * once every instance is in, from the files' own headers.
 */
import type { InstanceSummary } from './dicom-json.ts';

export interface SliceOrder {
  /** SOP instance UIDs sorted along the slice normal (row × column direction). */
  readonly sortedSops: readonly string[];
  /** Position along the normal of each sorted slice (mm). */
  readonly normalMm: readonly number[];
  /** The middle slice (two for an even count): the first axial image the viewer shows lies on one of them. */
  readonly middleSops: readonly string[];
  readonly positionsLps: ReadonlyMap<string, readonly [number, number, number]>;
}

/** Two orientations agree within this (direction cosines are unit vectors; 1e-3 is ~0.06°). */
const COSINE_TOLERANCE = 1e-3;
/** Slices closer than this along the normal are the same place (positions are written to 0.01 mm at best). */
const SAME_PLACE_MM = 1e-3;

export function sliceOrder(instances: readonly InstanceSummary[]): SliceOrder | undefined {
  if (instances.length === 0) return undefined;
  const o = instances[0]!.orientation;
  if (!o) return undefined;
  for (const i of instances) {
    if (!i.positionLps || !i.orientation) return undefined;
    if (i.orientation.some((c, k) => Math.abs(c - o[k]!) > COSINE_TOLERANCE)) return undefined;
  }
  const normal = [o[1]! * o[5]! - o[2]! * o[4]!, o[2]! * o[3]! - o[0]! * o[5]!, o[0]! * o[4]! - o[1]! * o[3]!] as const;
  if (Math.hypot(...normal) < 0.5) return undefined;
  const along = instances.map((i) => ({ sop: i.sopUid, mm: i.positionLps![0] * normal[0] + i.positionLps![1] * normal[1] + i.positionLps![2] * normal[2] }));
  along.sort((a, b) => a.mm - b.mm);
  for (let k = 1; k < along.length; k++) if (along[k]!.mm - along[k - 1]!.mm < SAME_PLACE_MM) return undefined;
  if (new Set(along.map((a) => a.sop)).size !== along.length) return undefined;
  return {
    sortedSops: along.map((a) => a.sop),
    normalMm: along.map((a) => a.mm),
    middleSops: [...new Set([along[Math.floor((along.length - 1) / 2)]!.sop, along[Math.floor(along.length / 2)]!.sop])],
    positionsLps: new Map(instances.map((i) => [i.sopUid, i.positionLps!])),
  };
}
