// Technique section from DICOM header values (phase and heart rate also from descriptions, as vendors do).
import dcmjs from 'dcmjs';
import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { techniqueFromDicom } from '../../../src/report/report.ts';
import { techniqueFromDataSet } from '../../../src/report/technique-dicom.ts';

describe('techniqueFromDicom', () => {
  it('reads the header values', () => {
    expect(techniqueFromDicom({
      KVP: '100', SliceThickness: '0.6', HeartRate: '58', NominalPercentageOfCardiacPhase: 75,
      ConvolutionKernel: ['Bv40', '3'], ContrastBolusAgent: ' Iomeron 350 ', Manufacturer: 'SIEMENS', phaseCount: 1,
    })).toEqual({
      kvp: 100, sliceThicknessMm: 0.6, heartRateBpm: 58, phasePct: 75, reconstructionKernel: 'Bv40\\3',
      contrastAgent: 'Iomeron 350', manufacturer: 'SIEMENS',
    });
  });
  it('falls back on the series description and image comments', () => {
    const t = techniqueFromDicom({ SeriesDescription: 'Coro CorCTA 0.6 B26f BestDiast 71 %', ImageComments: '86bpm, 250ms' });
    expect(t).toEqual({ phasePct: 71, phaseLabel: 'BestDiast', heartRateBpm: 86 });
    // a phase range is not a phase
    expect(techniqueFromDicom({ SeriesDescription: 'CorCTALow 2.0 B25f 0-95%', phaseCount: 6 })).toEqual({ acquisition: 'retrospective' });
    expect(techniqueFromDicom({})).toEqual({});
  });
  it('reads a dicom-parser DataSet', () => {
    const { DicomDict, DicomMetaDictionary } = dcmjs.data;
    const meta = {
      FileMetaInformationVersion: new Uint8Array([0, 1]).buffer, MediaStorageSOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
      MediaStorageSOPInstanceUID: '1.2.3', TransferSyntaxUID: '1.2.840.10008.1.2.1', ImplementationClassUID: '1.2.3.4',
    };
    const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
    dict.dict = DicomMetaDictionary.denaturalizeDataset({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.2', KVP: 120, SliceThickness: 0.5, ConvolutionKernel: 'B26f',
      SeriesDescription: 'Coro CorCTA 0.5 B26f BestDiast 72 %', HeartRate: 68,
    });
    const ds = dicomParser.parseDicom(new Uint8Array(dict.write()));
    expect(techniqueFromDataSet(ds)).toEqual({
      kvp: 120, sliceThicknessMm: 0.5, heartRateBpm: 68, phasePct: 72, phaseLabel: 'BestDiast', reconstructionKernel: 'B26f',
    });
  });
});
