/** TechniqueInfo from a dicom-parser DataSet (one image of the series). Pure: no DOM. */
import type { DataSet } from 'dicom-parser';
import { techniqueFromDicom, type TechniqueAttributes, type TechniqueInfo } from './report.ts';

const TAGS = {
  KVP: 'x00180060',
  SliceThickness: 'x00180050',
  HeartRate: 'x00181088',
  NominalPercentageOfCardiacPhase: 'x00209241',
  ConvolutionKernel: 'x00181210',
  ContrastBolusAgent: 'x00180010',
  Manufacturer: 'x00080070',
  ManufacturerModelName: 'x00081090',
  SeriesDescription: 'x0008103e',
  ImageComments: 'x00204000',
} as const;

function text(ds: DataSet, tag: string): string | undefined {
  try {
    const s = ds.string(tag);
    return s === undefined || s.trim() === '' ? undefined : s.trim();
  } catch {
    return undefined;
  }
}

/** NominalPercentageOfCardiacPhase is FL (binary) in enhanced IODs; other files may carry it as text. */
function floatOrText(ds: DataSet, tag: string): number | string | undefined {
  const el = ds.elements[tag];
  if (!el) return undefined;
  if (el.vr === 'FL' || (el.vr === undefined && el.length === 4)) {
    try {
      const v = ds.float(tag);
      if (v !== undefined && Number.isFinite(v)) return v;
    } catch {
      /* fall through to text */
    }
  }
  return text(ds, tag);
}

export function techniqueFromDataSet(ds: DataSet, opts: { phaseCount?: number } = {}): TechniqueInfo {
  const a: TechniqueAttributes = {
    KVP: text(ds, TAGS.KVP),
    SliceThickness: text(ds, TAGS.SliceThickness),
    HeartRate: text(ds, TAGS.HeartRate),
    NominalPercentageOfCardiacPhase: floatOrText(ds, TAGS.NominalPercentageOfCardiacPhase),
    ConvolutionKernel: text(ds, TAGS.ConvolutionKernel),
    ContrastBolusAgent: text(ds, TAGS.ContrastBolusAgent),
    Manufacturer: text(ds, TAGS.Manufacturer),
    ManufacturerModelName: text(ds, TAGS.ManufacturerModelName),
    SeriesDescription: text(ds, TAGS.SeriesDescription),
    ImageComments: text(ds, TAGS.ImageComments),
    ...(opts.phaseCount !== undefined ? { phaseCount: opts.phaseCount } : {}),
  };
  return techniqueFromDicom(a);
}
