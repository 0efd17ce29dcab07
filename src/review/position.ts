/**
 * Where a key's lesion is in the patient (LPS mm): its MLD arc length (positionMm) along the vessel's saved
 * centreline; without one, the same fraction of the vessel's length (the end of its last segment span) along the
 * polyline of the reader's waypoints, which runs inside the lumen from the ostium to the distal end.
 */
import type { Lesion } from '../report/report.ts';
import type { SavedVessel } from '../report/saved-work.ts';
import type { Lps } from '../volume/volume.ts';

export function polylineLengthMm(points: readonly Lps[]): number {
  let len = 0;
  for (let i = 1; i < points.length; i++) len += Math.hypot(points[i]![0] - points[i - 1]![0], points[i]![1] - points[i - 1]![1], points[i]![2] - points[i - 1]![2]);
  return len;
}

/** The point `sMm` along a polyline (clamped to its ends); undefined for fewer than 2 points. */
export function pointAlongMm(points: readonly Lps[], sMm: number): Lps | undefined {
  if (points.length < 2) return undefined;
  let left = Math.max(0, sMm);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const d = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
    if (left <= d || i === points.length - 1) {
      const t = d > 0 ? Math.min(1, left / d) : 0;
      return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2])];
    }
    left -= d;
  }
  return undefined;
}

export function lesionLps(vessel: SavedVessel, lesion: Lesion): Lps | undefined {
  if (lesion.positionMm === undefined) return undefined;
  const centre = vessel.centrelineLps;
  if (centre && centre.length >= 2) return pointAlongMm(centre, lesion.positionMm);
  const lengthMm = Math.max(0, ...vessel.segmentBoundaries.map((s) => s.endMm));
  const way = vessel.waypointsLps;
  if (way.length < 2) return undefined;
  return pointAlongMm(way, lengthMm > 0 ? (lesion.positionMm / lengthMm) * polylineLengthMm(way) : lesion.positionMm);
}
