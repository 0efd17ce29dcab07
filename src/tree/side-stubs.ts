/**
 * A side branch leaving its trunk at a shallow angle runs beside it, the two lumens touching under the blur,
 * before they part. The skeleton's centred path then joins the branch's body to the trunk where they part, and the
 * branch's first millimetres, from its true origin, stay a short stub of their own: one vessel read as two, the
 * body's origin (and the azimuth its name is judged at) several mm too far along. Pure, no DOM.
 */
import type { Lps } from '../volume/volume.ts';
import { subtreeLengthMm, type TreeNode } from './segments.ts';

/** A side of a trunk walk: the child node leaving it at points[index]. */
export interface Side { readonly node: TreeNode; readonly index: number }

/** What the merge needs of a walk (labels.ts's Walk). */
export interface TrunkWalk { readonly points: readonly Lps[] }

const dist = (a: Lps, b: Lps): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** A stub heads for a junction when its chord lies within this angle of the way there (degrees): nearer along than across. */
const HEADING_DEG = 45;

/**
 * The sides of `w` with each origin stub joined to the branch it belongs to. A stub is a side whose whole subtree
 * is shorter than `namedMm` (too short to name); it belongs to the next side of at least that length when it heads
 * for that side's junction (its chord within HEADING_DEG of the way from its own junction there) and ends nearer it
 * than its own junction lies (a branch of its own heads away from the trunk). The joined side leaves at the stub's
 * junction: the stub's path, then the branch from its point nearest the stub's end. `stubPath` gives a stub's
 * points and radii.
 */
export function joinOriginStubs(w: TrunkWalk, sides: readonly Side[], namedMm: number,
  stubPath: (n: TreeNode) => { points: Lps[]; radiiMm: number[] }): Side[] {
  const order = sides.slice().sort((a, b) => a.index - b.index);
  const used = new Set<Side>();
  const out: Side[] = [];
  for (const s of order) {
    if (used.has(s)) continue;
    const body = subtreeLengthMm(s.node) < namedMm ? order.find((b) => b.index > s.index && subtreeLengthMm(b.node) >= namedMm) : undefined;
    const stub = body && !used.has(body) ? stubPath(s.node) : null;
    if (!body || !stub || !headsFor(stub.points, w.points[s.index]!, w.points[body.index]!)) { out.push(s); continue; }
    used.add(body);
    const end = stub.points[stub.points.length - 1]!;
    const pts = body.node.points;
    let k = 0;
    for (let q = 1; q < pts.length; q++) if (dist(end, pts[q]!) < dist(end, pts[k]!)) k = q;
    const node: TreeNode = {
      points: [...stub.points, ...pts.slice(k)],
      radiiMm: [...stub.radiiMm, ...body.node.radiiMm.slice(k)],
      children: body.node.children,
    };
    out.push({ node, index: s.index });
  }
  return out;
}

/** The stub from junction `from` ends nearer junction `to` than `from` lies, its chord within HEADING_DEG of the way. */
function headsFor(stub: readonly Lps[], from: Lps, to: Lps): boolean {
  const end = stub[stub.length - 1]!;
  const u = [end[0] - from[0], end[1] - from[1], end[2] - from[2]], v = [to[0] - from[0], to[1] - from[1], to[2] - from[2]];
  const lu = Math.hypot(u[0]!, u[1]!, u[2]!), lv = Math.hypot(v[0]!, v[1]!, v[2]!);
  if (!(lu > 0 && lv > 0) || dist(end, to) >= lv) return false;
  return (u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!) / (lu * lv) >= Math.cos((HEADING_DEG * Math.PI) / 180);
}
