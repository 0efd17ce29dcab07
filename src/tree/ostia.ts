/**
 * Where coronary trees leave the aortic root: thin bright voxels touching the big-structure mask next to the
 * aorta (its tracked sections, continued below the last one into the sinuses, which axial slices cut together
 * with the ventricle's outflow).
 */
import type { Volume } from '../volume/volume.ts';
import type { Aorta, AortaSection } from './aorta.ts';
import { coarseIndex, type BigMask } from './masks.ts';

/** Sinuses of Valsalva: the root is up to this much wider than the tube above, and reaches this far below it (mm). */
const SINUS_WIDENING = 1.3;
const ROOT_BELOW_MM = 25;
/** Contacts are searched this far outside the aortic lumen (mm): the opening's margin plus the coronary's own wall. */
const CONTACT_REACH_MM = 6;

/** The aortic circle at slice k: tracked, or continued along the tube's axis below its last section. */
export function aortaCircleAt(volume: Volume, a: Aorta, k: number): { ci: number; cj: number; radiusMm: number } | null {
  const secs = a.sections;
  const hit = secs.find((s) => s.k === k);
  if (hit) return { ci: hit.centreIj[0], cj: hit.centreIj[1], radiusMm: hit.radiusMm };
  const last = secs[secs.length - 1]!;
  const dk = secs.length > 1 ? Math.sign(last.k - secs[0]!.k) : -1;
  const beyond = (k - last.k) * dk;
  if (beyond <= 0 || beyond * volume.spacingMm[2] > ROOT_BELOW_MM) return null;
  const back: AortaSection = secs[Math.max(0, secs.length - 1 - Math.round(20 / volume.spacingMm[2]))]!;
  const n = Math.max(1, Math.abs(last.k - back.k));
  const di = (last.centreIj[0] - back.centreIj[0]) / n, dj = (last.centreIj[1] - back.centreIj[1]) / n;
  return { ci: last.centreIj[0] + di * beyond, cj: last.centreIj[1] + dj * beyond, radiusMm: last.radiusMm * SINUS_WIDENING };
}

/** Thin voxels (isThin) 26-adjacent to a big voxel, within CONTACT_REACH_MM of the aortic lumen. */
export function ostiumContacts(volume: Volume, a: Aorta, mask: BigMask, isThin: (q: number) => boolean): number[] {
  const [nx, ny, nz] = volume.dimensions;
  const [sx, sy] = volume.spacingMm;
  const out: number[] = [];
  for (let k = 1; k < nz - 1; k++) {
    const circ = aortaCircleAt(volume, a, k);
    if (!circ) continue;
    const reach = circ.radiusMm + CONTACT_REACH_MM;
    const i0 = Math.max(1, Math.floor(circ.ci - reach / sx)), i1 = Math.min(nx - 2, Math.ceil(circ.ci + reach / sx));
    const j0 = Math.max(1, Math.floor(circ.cj - reach / sy)), j1 = Math.min(ny - 2, Math.ceil(circ.cj + reach / sy));
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        if (Math.hypot((i - circ.ci) * sx, (j - circ.cj) * sy) > reach) continue;
        const q = i + nx * (j + ny * k);
        if (!isThin(q)) continue;
        let touches = false;
        for (let dk = -1; dk <= 1 && !touches; dk++) for (let dj = -1; dj <= 1 && !touches; dj++) for (let di = -1; di <= 1; di++) {
          if (mask.big[coarseIndex(mask.grid, i + di, j + dj, k + dk)]) { touches = true; break; }
        }
        if (touches) out.push(q);
      }
    }
  }
  return out;
}
