/**
 * A static DICOMweb tree: the files a course puts on any web server or CDN so the viewer reads its cases
 * with the same DICOMweb client as from a PACS, with no server code. Paths are the DICOMweb ones; a
 * resource that is also a folder holds its answer in `index.json`:
 *
 *   studies/index.json                                        QIDO-RS studies (all; the viewer filters)
 *   studies/{study}/series/index.json                         QIDO-RS series
 *   studies/{study}/series/{series}/instances/index.json      QIDO-RS instances
 *   studies/{study}/series/{series}/metadata                  WADO-RS metadata (DICOM JSON, no bulk data)
 *   studies/{study}/series/{series}/instances/{sop}           WADO-RS instance: the Part 10 file as stored
 *
 * Pure (no file system): Part 10 bytes in, relative paths and bytes out. The headers are read by dcmjs.
 */
import dcmjs from 'dcmjs';
import type { DicomJson, DicomJsonElement } from './dicom-json.ts';

export interface TreeFile {
  /** Relative to the tree root, '/' separated. */
  readonly path: string;
  readonly bytes: Uint8Array;
}

type Dict = Record<string, { vr?: string; Value?: unknown[]; [k: string]: unknown }>;

const BINARY_VRS = new Set(['OB', 'OW', 'OD', 'OF', 'OL', 'OV', 'UN']);

/** dcmjs's dictionary as the DICOM JSON model: its private `_…` fields out, empty values out, bulk data by reference. */
function toDicomJson(dict: Dict, bulkDataUri: string): Record<string, DicomJsonElement> {
  const out: Record<string, DicomJsonElement> = {};
  for (const [tag, el] of Object.entries(dict)) {
    const vr = el.vr ?? 'UN';
    if (tag === '7FE00010' || BINARY_VRS.has(vr)) {
      if (tag === '7FE00010') out[tag] = { vr, BulkDataURI: bulkDataUri } as DicomJsonElement;
      continue;
    }
    const values = (el.Value ?? []).filter((v) => v !== '' && v !== null && v !== undefined);
    const value = vr === 'SQ' ? values.map((item) => toDicomJson(item as Dict, bulkDataUri)) : values;
    out[tag] = value.length ? { vr, Value: value } : { vr };
  }
  return out;
}

interface Instance {
  readonly sop: string;
  readonly study: string;
  readonly series: string;
  readonly json: Record<string, DicomJsonElement>;
  readonly bytes: Uint8Array;
}

const first = (j: DicomJson, tag: string): string => String(j[tag]?.Value?.[0] ?? '');
const pick = (j: DicomJson, tags: readonly string[]): Record<string, DicomJsonElement> =>
  Object.fromEntries(tags.filter((t) => j[t]).map((t) => [t, j[t]!]));
const uid = (value: string): DicomJsonElement => ({ vr: 'UI', Value: [value] });
const count = (n: number): DicomJsonElement => ({ vr: 'IS', Value: [n] });

const STUDY_TAGS = ['00080020', '00080030', '00080050', '00081030', '00100010', '00100020', '00100030', '00100040', '0020000D', '00200010'];
const SERIES_TAGS = ['00080021', '00080031', '00080060', '0008103E', '0020000E', '00200011'];
// position and orientation: the viewer orders the slices (and fills the volume) before their bytes arrive
const INSTANCE_TAGS = ['00080016', '00080018', '00200013', '00200032', '00200037', '00280010', '00280011'];

function readInstance(bytes: Uint8Array, name: string): Instance {
  let message: { meta: Dict; dict: Dict };
  try {
    message = dcmjs.data.DicomMessage.readFile(bytes.slice().buffer as ArrayBuffer) as unknown as { meta: Dict; dict: Dict };
  } catch (e) {
    throw new Error(`${name}: not a DICOM Part 10 file (${e instanceof Error ? e.message : String(e)})`);
  }
  const probe = message.dict as unknown as DicomJson;
  const sop = first(probe, '00080018');
  const study = first(probe, '0020000D');
  const series = first(probe, '0020000E');
  if (!sop || !study || !series) throw new Error(`${name}: no SOP, study or series instance UID`);
  const json = toDicomJson(message.dict, `studies/${study}/series/${series}/instances/${sop}`);
  const syntax = first(message.meta as unknown as DicomJson, '00020010');
  if (syntax) json['00083002'] = uid(syntax);
  return { sop, study, series, json, bytes };
}

const jsonFile = (path: string, body: unknown): TreeFile => ({ path, bytes: new TextEncoder().encode(JSON.stringify(body)) });
const byNumber = (a: DicomJson, b: DicomJson) => Number(first(a, '00200013')) - Number(first(b, '00200013'));

/** The tree of `files` (Part 10 instances of any studies). Throws on a file that is not DICOM. */
export function buildStaticTree(files: readonly { name: string; bytes: Uint8Array }[]): TreeFile[] {
  const studies = new Map<string, Map<string, Instance[]>>();
  for (const f of files) {
    const inst = readInstance(f.bytes, f.name);
    const series = studies.get(inst.study) ?? new Map<string, Instance[]>();
    studies.set(inst.study, series);
    series.set(inst.series, [...(series.get(inst.series) ?? []), inst]);
  }
  const out: TreeFile[] = [];
  const studyList: Record<string, DicomJsonElement>[] = [];
  for (const [studyUid, seriesMap] of studies) {
    const seriesList: Record<string, DicomJsonElement>[] = [];
    let instances = 0;
    const modalities = new Set<string>();
    for (const [seriesUid, list] of seriesMap) {
      const base = `studies/${studyUid}/series/${seriesUid}`;
      const sorted = [...list].sort((a, b) => byNumber(a.json, b.json));
      out.push(jsonFile(`${base}/instances/index.json`, sorted.map((i) => ({ ...pick(i.json, [...STUDY_TAGS, ...SERIES_TAGS, ...INSTANCE_TAGS]), '00083002': i.json['00083002'] }))));
      out.push(jsonFile(`${base}/metadata`, sorted.map((i) => i.json)));
      for (const i of sorted) out.push({ path: `${base}/instances/${i.sop}`, bytes: i.bytes });
      const head = sorted[0]!.json;
      seriesList.push({ ...pick(head, SERIES_TAGS), '00201209': count(sorted.length) });
      instances += sorted.length;
      modalities.add(first(head, '00080060'));
    }
    seriesList.sort((a, b) => Number(first(a, '00200011')) - Number(first(b, '00200011')));
    out.push(jsonFile(`studies/${studyUid}/series/index.json`, seriesList));
    const head = [...seriesMap.values()][0]![0]!.json;
    studyList.push({
      ...pick(head, STUDY_TAGS),
      '00080061': { vr: 'CS', Value: [...modalities].filter(Boolean).sort() },
      '00201206': count(seriesMap.size),
      '00201208': count(instances),
    });
  }
  studyList.sort((a, b) => first(a, '00100020').localeCompare(first(b, '00100020')));
  out.push(jsonFile('studies/index.json', studyList));
  return out;
}
