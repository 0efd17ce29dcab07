// The DICOMweb client against a real Orthanc (tests/helpers/orthanc.ts) on loopback: QIDO-RS search and
// filters, WADO-RS bytes equal to the files on disk (stored transfer syntax kept), basic auth refused
// with a wrong password, a server killed mid-transfer then resumed, cancel, STOW-RS of the SR then found
// by QIDO-RS and read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import dicomParser from 'dicom-parser';
import { join } from 'node:path';
import { ensureStudies, studiesRoot, type StudyIndexEntry } from '../../helpers/studies.ts';
import { startOrthanc, uploadFolder, type OrthancServer } from '../../helpers/orthanc.ts';
import { DicomWebClient, type PacsAuth } from '../../../src/pacs/client.ts';
import { isPacsError, type PacsError } from '../../../src/pacs/errors.ts';
import { sopUidOf } from '../../../src/pacs/retrieval.ts';
import { listReports, planStudy, retrieveInstanceBytes } from '../../../src/pacs/study.ts';
import { exportSr, importSr } from '../../../src/report/sr.ts';

function diskBySop(folder: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/\.json$/.test(e.name) && e.name !== 'DICOMDIR') {
        const b = new Uint8Array(readFileSync(p));
        const uid = sopUidOf(b);
        if (uid) out.set(uid, b);
      }
    }
  };
  walk(folder);
  return out;
}

async function rejection(p: Promise<unknown>): Promise<PacsError> {
  try {
    await p;
  } catch (e) {
    if (isPacsError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('DICOMweb client against Orthanc', () => {
  let server: OrthancServer;
  let studies: StudyIndexEntry[];
  const client = (auth?: PacsAuth) => new DicomWebClient({ baseUrl: server.dicomWebUrl, auth: auth ?? { kind: 'basic', user: server.user, password: server.password }, fetch: (u, i) => fetch(u, i) });
  const studyUid = async (patient: string) => (await client().searchStudies({ patient }))[0]!.studyUid;

  beforeAll(async () => {
    studies = ensureStudies().filter((s) => s.id !== 'cas3');
    server = await startOrthanc();
    for (const s of studies) await uploadFolder(server, join(studiesRoot, s.folder));
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('lists the studies by QIDO-RS and filters them by patient and modality', async () => {
    const all = await client().searchStudies();
    expect(all.map((s) => s.patientName).sort()).toEqual(['CORO-01 Anonyme', 'CORO-02 Anonyme']);
    for (const s of all) {
      expect(s.seriesCount).toBe(1);
      expect(s.instanceCount).toBe(281);
      expect(s.modalities).toEqual(['CT']);
    }
    expect((await client().searchStudies({ patient: 'coro-02' })).map((s) => s.patientId)).toEqual(['CORO-02']);
    expect(await client().searchStudies({ modality: 'MR' })).toEqual([]);
    expect((await client().searchStudies({ modality: 'ct' })).length).toBe(2);
  });

  it('refuses a wrong password and no credentials (401)', async () => {
    expect((await rejection(client({ kind: 'basic', user: server.user, password: 'wrong' }).searchStudies())).code).toBe('unauthorized');
    expect((await rejection(client({ kind: 'none' }).searchStudies())).code).toBe('unauthorized');
  });

  it('rejects a base URL with credentials in it', () => {
    expect(() => new DicomWebClient({ baseUrl: server.dicomWebUrl.replace('http://', 'http://u:p@'), auth: { kind: 'none' }, fetch })).toThrow();
  });

  it('retrieves a JPEG-LS series byte for byte as stored (frames stay compressed)', async () => {
    const disk = diskBySop(join(studiesRoot, 'cas2'));
    const r = await planStudy(client(), await studyUid('CORO-02'));
    expect(r.total).toBe(281);
    let calls = 0;
    await r.run({ onProgress: () => calls++ });
    const files = r.files();
    expect(files.length).toBe(281);
    expect(calls).toBeGreaterThan(281);
    for (const f of files) {
      const uid = /\/(.+)\.dcm$/.exec(f.name)![1]!;
      expect(Buffer.compare(Buffer.from(f.bytes), Buffer.from(disk.get(uid)!))).toBe(0);
    }
  });

  it('orders the slices from the listing as the files do, brings the middle ones first once each, and hands each over by UID', async () => {
    const disk = diskBySop(join(studiesRoot, 'cas1'));
    const r = await planStudy(client(), await studyUid('CORO-01'));
    const order = r.order!;
    const n = r.total;
    expect(order.sortedSops.length).toBe(n);
    // the files' own positions along the normal (z for these axial slices) give the same order
    const zOf = (sop: string) => Number(dicomParser.parseDicom(disk.get(sop)!).string('x00200032')!.split('\\')[2]);
    const byFiles = [...order.sortedSops].sort((a, b) => zOf(a) - zOf(b));
    expect(order.sortedSops).toEqual(byFiles);
    expect(order.middleSops).toEqual([...new Set([order.sortedSops[Math.floor((n - 1) / 2)], order.sortedSops[Math.floor(n / 2)]])]);
    const middle = r.arrival(order.middleSops[0]!);
    const seen: string[] = [];
    await r.run({ first: order.middleSops, onInstance: (bytes, sop) => { expect(sopUidOf(bytes)).toBe(sop); seen.push(sop); } });
    // asked twice (alone and in the series answer), handed over once
    expect(seen.length).toBe(n);
    expect(new Set(seen).size).toBe(n);
    expect(Buffer.compare(Buffer.from(await middle), Buffer.from(disk.get(order.middleSops[0]!)!))).toBe(0);
    expect(r.bytesOf(order.sortedSops[0]!)).toBe(await r.arrival(order.sortedSops[0]!));
  });

  it('keeps what arrived when Orthanc is killed mid-transfer, then resumes the missing instances', async () => {
    const disk = diskBySop(join(studiesRoot, 'cas1'));
    const r = await planStudy(client(), await studyUid('CORO-01'));
    let killed: Promise<void> | undefined;
    const err = await rejection(r.run({ onProgress: (p) => { if (p.done >= 40 && !killed) killed = server.stop({ hard: true }); } }));
    await killed;
    expect(err.code).toBe('network');
    const kept = r.received();
    expect(kept).toBeGreaterThanOrEqual(40);
    expect(kept).toBeLessThan(281);
    expect((await rejection(r.run({}))).code).toBe('network');
    expect(r.received()).toBe(kept);
    await server.start();
    await r.run({});
    expect(r.missing()).toEqual([]);
    const files = r.files();
    expect(files.length).toBe(281);
    for (const f of files) expect(Buffer.compare(Buffer.from(f.bytes), Buffer.from(disk.get(/\/(.+)\.dcm$/.exec(f.name)![1]!)!))).toBe(0);
  });

  it('cancels a retrieval (AbortSignal) with code "aborted"', async () => {
    const r = await planStudy(client(), await studyUid('CORO-01'));
    const ac = new AbortController();
    const err = await rejection(r.run({ signal: ac.signal, onProgress: (p) => { if (p.done >= 5) ac.abort(); } }));
    expect(err.code).toBe('aborted');
    expect(r.received()).toBeLessThan(281);
  });

  it('stores the SR by STOW-RS, finds it by QIDO-RS under the study, reads the measurements back', async () => {
    const uid = await studyUid('CORO-02');
    const lesion = { id: 'LAD-L1', segment: 7, diameterStenosisPct: 63.4, mldMm: 1.21, lengthMm: 9.5 };
    const sr = exportSr({ studyInstanceUid: uid, vessels: [{ name: 'LAD', lesions: [lesion] }], label: 'CAD-RADS 3', lang: 'fr' });
    expect(await listReports(client(), uid)).toEqual([]);
    await client().store(uid, [sr]);
    const reports = await listReports(client(), uid);
    expect(reports.length).toBe(1);
    const back = importSr(await retrieveInstanceBytes(client(), { studyUid: uid, ...reports[0]! }));
    expect(back.studyInstanceUid).toBe(uid);
    expect(back.label).toBe('CAD-RADS 3');
    expect(back.vessels).toEqual([{ name: 'LAD', lesions: [expect.objectContaining(lesion)] }]);
    // the image series is still the one planned
    expect((await planStudy(client(), uid)).total).toBe(281);
  });
});
