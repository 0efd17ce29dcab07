/**
 * Version 1 → version 2 of the saved work. Version 1 had no field for the user reference nor for the reader's
 * grades: they were notes in each vessel's edit log ("reference-moved", note "<proximal>,<distal>" in mm;
 * "lesion-edited", target "segment-<n>", note "diameterStenosisPct=<v>"). Version 2 has typed fields
 * (referenceSMm, grades); those log entries become them and leave the log. The result is validated as a
 * version-2 work by the caller, so anything malformed here is left for that validation to refuse.
 */
import { isPlainObject, type Json } from './work-validate.ts';

type JsonObject = Record<string, Json>;

const REFERENCE = /^\s*(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*$/;
const SEGMENT = /^segment-(\d{1,2})$/;
const GRADE = /^diameterStenosisPct=(\d+(?:\.\d+)?)$/;

function migrateVessel(v: Json): Json {
  if (!isPlainObject(v) || !Array.isArray(v.edits)) return v;
  let referenceSMm: [number, number] | undefined;
  const grades = new Map<number, number>();
  const edits = v.edits.filter((e: Json) => {
    if (!isPlainObject(e)) return true;
    const note = typeof e.note === 'string' ? e.note : '';
    const ref = e.kind === 'reference-moved' ? REFERENCE.exec(note) : null;
    if (ref) { referenceSMm = [Number(ref[1]), Number(ref[2])]; return false; }
    const s = e.kind === 'lesion-edited' && typeof e.target === 'string' ? SEGMENT.exec(e.target) : null;
    const g = s ? GRADE.exec(note) : null;
    if (s && g) { grades.set(Number(s[1]), Math.min(100, Number(g[1]))); return false; }
    return true;
  });
  const out: JsonObject = { ...v, edits };
  if (referenceSMm) out.referenceSMm = referenceSMm;
  if (grades.size) out.grades = [...grades].map(([segment, diameterStenosisPct]) => ({ segment, diameterStenosisPct }));
  return out;
}

/** A parsed version-1 work as version 2 (same fields, plus the typed ones taken from the edit logs). */
export function migrateWorkV1(x: JsonObject): JsonObject {
  return { ...x, version: 2, vessels: Array.isArray(x.vessels) ? x.vessels.map(migrateVessel) : x.vessels };
}
