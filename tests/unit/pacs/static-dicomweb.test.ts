// A static DICOMweb tree (src/pacs/static-tree.ts) read by the same client as a PACS: instances of two
// training studies written as files, served by a fetch that knows only files (any other path 404, as a
// static web server): the client finds the tree form by itself, filters the study list as QIDO-RS would,
// retrieves each instance byte-identical to the disk, and refuses to store (read-only).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ensureStudies, studiesRoot } from '../../helpers/studies.ts';
import { listStudyFiles } from '../../../scripts/studies-route.ts';
import { readFileSync } from 'node:fs';
import { buildStaticTree } from '../../../src/pacs/static-tree.ts';
import { DicomWebClient } from '../../../src/pacs/client.ts';
import { isPacsError } from '../../../src/pacs/errors.ts';
import { sopUidOf } from '../../../src/pacs/retrieval.ts';
import { planStudy } from '../../../src/pacs/study.ts';

const BASE = 'https://cours.example/cas';

function someFiles(id: string, n: number): { name: string; bytes: Uint8Array }[] {
  const folder = join(studiesRoot, id);
  return listStudyFiles(folder).filter((f) => !/DICOMDIR$/.test(f)).slice(0, n).map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(folder, f))) }));
}

describe('static DICOMweb tree', () => {
  ensureStudies();
  const files = [...someFiles('cas1', 4), ...someFiles('cas2', 6)];
  const tree = new Map(buildStaticTree(files).map((f) => [`${BASE}/${f.path}`, f.bytes]));
  const asked: string[] = [];
  const fetchTree = async (url: string, init?: RequestInit) => {
    asked.push(`${init?.method ?? 'GET'} ${url}`);
    const body = init?.method && init.method !== 'GET' ? undefined : tree.get(url);
    return body ? new Response(body as Uint8Array<ArrayBuffer>, { status: 200, headers: { 'content-type': 'application/octet-stream' } }) : new Response('not found', { status: 404 });
  };

  it('lists the studies (tree form found by itself) and filters them as QIDO-RS', async () => {
    const client = new DicomWebClient({ baseUrl: BASE, auth: { kind: 'none' }, fetch: fetchTree });
    const all = await client.searchStudies();
    expect(client.layout).toBe('static');
    expect(all.map((s) => [s.patientId, s.instanceCount, s.seriesCount, s.modalities.join()])).toEqual([['CORO-01', 4, 1, 'CT'], ['CORO-02', 6, 1, 'CT']]);
    expect((await client.searchStudies({ patient: 'coro-02' })).map((s) => s.patientId)).toEqual(['CORO-02']);
    expect(await client.searchStudies({ modality: 'MR' })).toEqual([]);
    expect((await client.searchStudies({ modality: 'ct', limit: 1 })).length).toBe(1);
  });

  it('retrieves each instance byte-identical to the file, in instance-number order', async () => {
    const client = new DicomWebClient({ baseUrl: BASE, auth: { kind: 'none' }, fetch: fetchTree, layout: 'static' });
    const [study] = await client.searchStudies({ patient: 'CORO-02' });
    const r = await planStudy(client, study!.studyUid);
    expect(r.total).toBe(6);
    const seen: number[] = [];
    await r.run({ onProgress: (p) => seen.push(p.done) });
    expect(Math.max(...seen)).toBe(6);
    const bySop = new Map(files.map((f) => [sopUidOf(f.bytes), f.bytes]));
    const got = r.files();
    expect(got.length).toBe(6);
    for (const f of got) expect(Buffer.compare(Buffer.from(f.bytes), Buffer.from(bySop.get(sopUidOf(f.bytes))!))).toBe(0);
    const listed = JSON.parse(new TextDecoder().decode(tree.get(`${BASE}/studies/${study!.studyUid}/series/${r.seriesUid}/instances/index.json`)!)) as Record<string, { Value: [string | number] }>[];
    expect(got.map((f) => sopUidOf(f.bytes))).toEqual(listed.map((i) => i['00080018']!.Value[0]));
    const numbers = listed.map((i) => Number(i['00200013']!.Value[0]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(6);
  });

  it('holds WADO-RS metadata without bulk data, and refuses to store', async () => {
    const client = new DicomWebClient({ baseUrl: BASE, auth: { kind: 'none' }, fetch: fetchTree, layout: 'static' });
    const [study] = await client.searchStudies({ patient: 'CORO-01' });
    const [series] = await client.searchSeries(study!.studyUid);
    const meta = JSON.parse(new TextDecoder().decode(tree.get(`${BASE}/studies/${study!.studyUid}/series/${series!.seriesUid}/metadata`)!)) as Record<string, { vr: string; Value?: unknown[]; BulkDataURI?: string }>[];
    expect(meta.length).toBe(4);
    expect(meta.map((m) => m['00200013']!.Value![0])).toEqual([...meta.map((m) => m['00200013']!.Value![0] as number)].sort((a, b) => a - b));
    expect(meta[0]!['00280010']!.Value).toEqual([512]);
    expect(meta[0]!['7FE00010']!.Value).toBeUndefined();
    expect(meta[0]!['7FE00010']!.BulkDataURI).toMatch(/\/instances\/[\d.]+$/);
    expect(meta[0]!['00083002']!.Value).toEqual(['1.2.840.10008.1.2.1']);
    const before = asked.length;
    const e = await client.store(study!.studyUid, [files[0]!.bytes]).catch((x: unknown) => x);
    expect(isPacsError(e) && e.code).toBe('read-only');
    expect(asked.length).toBe(before);
  });
});
