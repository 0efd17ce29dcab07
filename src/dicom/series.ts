/**
 * Grouping images into series and sorting slices along the normal (never by InstanceNumber
 * or file name); detection of stacking problems (uneven spacing, gaps, duplicates, varying
 * IOP, shear/tilt, single image, multi-frame).
 */
import type { Vec3 } from '../volume/volume.ts';
import type { SeriesGroup, SliceRef, StackGeometry, StudyGroup } from './series-types.ts';
import type { FrameInfo, Iop, SeriesProblem } from './types.ts';
import { isLossySyntax, pixelEncoding, transferSyntaxLabel } from './transfer-syntax.ts';

/** Positions closer than this along the normal are the same slice position (mm). */
export const DUPLICATE_TOLERANCE_MM = 0.01;
/** Relative step variation tolerated before a stack is called unevenly spaced. */
export const SPACING_TOLERANCE = 0.01;
/** IPP step deviation from the normal above which a stack is sheared (degrees). */
export const SHEAR_TOLERANCE_DEG = 0.5;

/**
 * Largest in-plane offset (mm) of any slice's IPP from the line through the first IPP along
 * the normal: 0 for a regular stack, grows with gantry tilt or drifting positions.
 */
export function inPlaneDriftMm(stack: Pick<StackGeometry, 'positionsLps' | 'rowDir' | 'colDir'>): number {
  const p0 = stack.positionsLps[0];
  if (!p0) return 0;
  let max = 0;
  for (const p of stack.positionsLps) {
    const d: Vec3 = [p[0] - p0[0], p[1] - p0[1], p[2] - p0[2]];
    max = Math.max(max, Math.hypot(dot(d, stack.rowDir), dot(d, stack.colDir)));
  }
  return max;
}

/** Sheared: the IPP steps leave the normal by > 0.5° or drift in plane by > a quarter pixel. */
export function isSheared(stack: StackGeometry): boolean {
  const minPixelMm = Math.min(stack.pixelSpacingMm[0], stack.pixelSpacingMm[1]);
  return stack.shearDeg > SHEAR_TOLERANCE_DEG || inPlaneDriftMm(stack) > 0.25 * minPixelMm;
}
const IOP_TOLERANCE = 1e-3;

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: Vec3) => Math.hypot(a[0], a[1], a[2]);
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

export function frameOf(s: SliceRef): FrameInfo {
  return s.image.header.frames[s.frameIndex] ?? s.image.header.shared;
}

function sameIop(a: Iop, b: Iop): boolean {
  for (let i = 0; i < 6; i++) if (Math.abs((a[i] as number) - (b[i] as number)) > IOP_TOLERANCE) return false;
  return true;
}

/** Series key: SeriesInstanceUID, or (when empty) FoR + orientation + size + description. */
export function seriesKey(s: SliceRef): string {
  const h = s.image.header;
  if (h.seriesInstanceUid) return h.seriesInstanceUid;
  const f = frameOf(s);
  const iop = f.iop ? f.iop.map((v) => v.toFixed(2)).join(',') : 'no-iop';
  return `no-uid|${h.studyInstanceUid}|${h.frameOfReferenceUid}|${h.modality}|${iop}|${h.rows}x${h.columns}|${h.seriesDescription}|${h.seriesNumber ?? ''}`;
}

/**
 * Sort slices by IPP·(rowDir × colDir) and compute the stack geometry.
 * Returns undefined when the slices are not stackable (IOP or size varies, positions missing).
 */
export function sortSlices(slices: readonly SliceRef[]): { slices: SliceRef[]; stack: StackGeometry } | undefined {
  const first = slices[0];
  if (!first) return undefined;
  const f0 = frameOf(first);
  const iop = f0.iop;
  if (!iop) return undefined;
  const { rows, columns } = first.image.header;
  for (const s of slices) {
    const f = frameOf(s);
    if (!f.ippLps || !f.iop || !sameIop(f.iop, iop)) return undefined;
    if (s.image.header.rows !== rows || s.image.header.columns !== columns) return undefined;
  }
  const rowDir: Vec3 = [iop[0], iop[1], iop[2]];
  const colDir: Vec3 = [iop[3], iop[4], iop[5]];
  const c = cross(rowDir, colDir);
  const n = norm(c);
  if (n < 0.5) return undefined;
  const normal: Vec3 = [c[0] / n, c[1] / n, c[2] / n];
  const keyed = slices.map((s) => ({ s, d: dot(frameOf(s).ippLps as Vec3, normal) }));
  keyed.sort((a, b) => a.d - b.d);
  const sorted = keyed.map((k) => k.s);
  const positionsLps = sorted.map((s) => frameOf(s).ippLps as Vec3);
  const distancesMm = keyed.map((k) => k.d);
  const steps: number[] = [];
  for (let i = 1; i < distancesMm.length; i++) {
    const st = (distancesMm[i] as number) - (distancesMm[i - 1] as number);
    if (st > DUPLICATE_TOLERANCE_MM) steps.push(st);
  }
  const sliceSpacingMm = median(steps);
  const pFirst = positionsLps[0] as Vec3;
  const pLast = positionsLps[positionsLps.length - 1] as Vec3;
  const span = (distancesMm[distancesMm.length - 1] as number) - (distancesMm[0] as number);
  const m = Math.max(1, steps.length);
  const stepLps: Vec3 = [(pLast[0] - pFirst[0]) / m, (pLast[1] - pFirst[1]) / m, (pLast[2] - pFirst[2]) / m];
  const chord = norm([pLast[0] - pFirst[0], pLast[1] - pFirst[1], pLast[2] - pFirst[2]]);
  const shearDeg = span > DUPLICATE_TOLERANCE_MM && chord > 0 ? (Math.acos(Math.min(1, Math.abs(span) / chord)) * 180) / Math.PI : 0;
  const ps = f0.pixelSpacingMm ?? [1, 1];
  return {
    slices: sorted,
    stack: { rows, columns, iop, rowDir, colDir, normal, pixelSpacingMm: ps, positionsLps, distancesMm, sliceSpacingMm, stepLps, shearDeg },
  };
}

function median(v: readonly number[]): number {
  if (v.length === 0) return 0;
  const s = [...v].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Problems of a sorted stack (spacing, duplicates, gaps, shear). */
export function stackProblems(stack: StackGeometry): SeriesProblem[] {
  const out: SeriesProblem[] = [];
  const d = stack.distancesMm;
  let duplicates = 0;
  const steps: number[] = [];
  for (let i = 1; i < d.length; i++) {
    const st = (d[i] as number) - (d[i - 1] as number);
    if (st <= DUPLICATE_TOLERANCE_MM) duplicates++;
    else steps.push(st);
  }
  if (duplicates > 0) out.push({ code: 'duplicate-position', params: { count: duplicates } });
  const med = stack.sliceSpacingMm;
  if (steps.length > 0 && med > 0) {
    const min = Math.min(...steps);
    const max = Math.max(...steps);
    const gaps = steps.filter((s) => s > 1.5 * med);
    if (gaps.length > 0) out.push({ code: 'gap', params: { count: gaps.length, maxStepMm: round(Math.max(...gaps)), spacingMm: round(med) } });
    if ((max - min) / med > SPACING_TOLERANCE && max - min > DUPLICATE_TOLERANCE_MM) {
      out.push({ code: 'uneven-spacing', params: { minMm: round(min), maxMm: round(max) } });
    }
  }
  if (isSheared(stack)) out.push({ code: 'sheared', params: { angleDeg: round(stack.shearDeg, 1), driftMm: round(inPlaneDriftMm(stack), 2) } });
  const [dr, dc] = stack.pixelSpacingMm;
  if (Math.abs(dr - dc) > 1e-3 * Math.max(dr, dc)) out.push({ code: 'non-square-pixels', params: { rowMm: round(dr, 4), columnMm: round(dc, 4) } });
  return out;
}

/** Build one SeriesGroup from its slices (sorting them when stackable). */
export function makeSeries(key: string, slices: readonly SliceRef[]): SeriesGroup {
  const first = slices[0] as SliceRef;
  const h = first.image.header;
  const problems: SeriesProblem[] = [];
  if (!h.seriesInstanceUid) problems.push({ code: 'no-series-uid', params: {} });
  const sorted = sortSlices(slices);
  const multiFrame = slices.some((s) => s.image.header.numberOfFrames > 1);
  if (multiFrame) problems.push({ code: 'multi-frame', params: { frames: slices.length } });
  if (slices.length === 1) problems.push({ code: 'single-image', params: {} });
  if (!sorted && slices.length > 1) {
    const sizes = new Set(slices.map((s) => `${s.image.header.rows}x${s.image.header.columns}`));
    const missing = slices.some((s) => !frameOf(s).ippLps || !frameOf(s).iop);
    if (missing) problems.push({ code: 'missing-geometry', params: {} });
    else if (sizes.size > 1) problems.push({ code: 'varying-size', params: { sizes: [...sizes].join(', ') } });
    else problems.push({ code: 'varying-orientation', params: {} });
  } else if (!sorted) {
    if (!frameOf(first).ippLps || !frameOf(first).iop) problems.push({ code: 'missing-geometry', params: {} });
  }
  if (sorted) problems.push(...stackProblems(sorted.stack));
  const syntaxes = [...new Set(slices.map((s) => s.image.header.transferSyntaxUid))];
  const undecodable = syntaxes.filter((ts) => pixelEncoding(ts).kind === 'unsupported').map(transferSyntaxLabel);
  const lossy = syntaxes.filter((ts) => pixelEncoding(ts).kind !== 'unsupported' && isLossySyntax(ts)).map(transferSyntaxLabel);
  if (undecodable.length > 0) problems.push({ code: 'undecodable-syntax', params: { syntax: undecodable.join(', ') } });
  if (lossy.length > 0) problems.push({ code: 'lossy', params: { syntax: lossy.join(', ') } });
  if (slices.some((s) => s.image.header.hasModalityLut)) problems.push({ code: 'modality-lut-ignored', params: {} });
  const ps = sorted?.stack.pixelSpacingMm ?? frameOf(first).pixelSpacingMm;
  return {
    key,
    seriesInstanceUid: h.seriesInstanceUid,
    studyInstanceUid: h.studyInstanceUid,
    modality: h.modality,
    description: h.seriesDescription,
    ...(h.seriesNumber !== undefined ? { seriesNumber: h.seriesNumber } : {}),
    rows: h.rows,
    columns: h.columns,
    slices: sorted ? sorted.slices : [...slices],
    ...(sorted ? { stack: sorted.stack } : {}),
    spacingMm: [ps?.[1] ?? 0, ps?.[0] ?? 0, sorted ? round(sorted.stack.sliceSpacingMm, 4) : 0],
    transferSyntaxes: syntaxes,
    problems,
  };
}

/**
 * Slices without a position or orientation in a series whose other slices have both cannot join its stack:
 * they are set apart (the caller lists their files as refused) so the rest still forms a volume. A series
 * where no slice has geometry is left whole (a scout or a secondary capture, shown as such).
 */
export function splitMissingGeometry(slices: readonly SliceRef[]): { kept: SliceRef[]; refused: SliceRef[] } {
  const hasGeometry = (s: SliceRef) => !!frameOf(s).ippLps && !!frameOf(s).iop;
  const located = new Set<string>();
  for (const s of slices) if (hasGeometry(s)) located.add(s.image.header.seriesInstanceUid || s.file);
  // a multi-frame file with one frame unplaced is set apart whole (its frames cannot be half a stack)
  const refusedFiles = new Set<string>();
  for (const s of slices) {
    const uid = s.image.header.seriesInstanceUid;
    if (!hasGeometry(s) && uid && located.has(uid)) refusedFiles.add(s.file);
  }
  return { kept: slices.filter((s) => !refusedFiles.has(s.file)), refused: slices.filter((s) => refusedFiles.has(s.file)) };
}

/** Group slices into series (SeriesInstanceUID; fallback FoR/IOP/size/description when empty). */
export function groupSeries(slices: readonly SliceRef[]): SeriesGroup[] {
  const byKey = new Map<string, SliceRef[]>();
  for (const s of slices) {
    const k = seriesKey(s);
    const list = byKey.get(k);
    if (list) list.push(s);
    else byKey.set(k, [s]);
  }
  return [...byKey].map(([k, list]) => makeSeries(k, list));
}

/** Group series into studies (StudyInstanceUID; series without one share an "unknown" study). */
export function groupStudies(series: readonly SeriesGroup[]): StudyGroup[] {
  const byUid = new Map<string, SeriesGroup[]>();
  for (const s of series) {
    const list = byUid.get(s.studyInstanceUid);
    if (list) list.push(s);
    else byUid.set(s.studyInstanceUid, [s]);
  }
  return [...byUid].map(([uid, list]) => ({
    studyInstanceUid: uid,
    description: list[0]?.slices[0]?.image.header.studyDescription ?? '',
    series: [...list].sort((a, b) => (a.seriesNumber ?? 0) - (b.seriesNumber ?? 0)),
  }));
}
