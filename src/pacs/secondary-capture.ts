/**
 * Views of the study sent back to the PACS beside the report: each a DICOM Secondary Capture (8-bit RGB,
 * uncompressed, Modality OT) in one new series under the study, so any PACS viewer shows the teacher's
 * vignettes next to the CT. Pure: RGB pixels in, Part 10 bytes out (dcmjs writes them).
 */
import dcmjs from 'dcmjs';
import { newUid } from '../report/sr.ts';

export const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

export interface CaptureImage {
  readonly rows: number;
  readonly columns: number;
  /** rows × columns × 3 bytes, R G B interleaved, row by row. */
  readonly rgb: Uint8Array;
  /** What the image shows (DerivationDescription, e.g. 'axial'). */
  readonly label: string;
}

export interface CaptureSeries {
  readonly studyInstanceUid: string;
  readonly seriesDescription: string;
  readonly images: readonly CaptureImage[];
  readonly now?: Date;
}

/** One Part 10 Secondary Capture per image, all in one new series (numbered in the given order). */
export function secondaryCaptures(o: CaptureSeries): Uint8Array[] {
  const seriesUid = newUid();
  const now = o.now ?? new Date();
  const date = now.toISOString().slice(0, 10).replace(/-/g, '');
  const time = now.toISOString().slice(11, 19).replace(/:/g, '');
  return o.images.map((img, i) => {
    if (img.rgb.length !== img.rows * img.columns * 3) throw new Error(`capture ${img.label}: ${img.rgb.length} bytes for ${img.columns}×${img.rows} RGB`);
    const sop = newUid();
    // odd-length pixel data is padded to an even length, as DICOM requires
    const pixels = img.rgb.length % 2 ? new Uint8Array(img.rgb.length + 1) : new Uint8Array(img.rgb.length);
    pixels.set(img.rgb);
    const dataset = {
      SOPClassUID: SECONDARY_CAPTURE, SOPInstanceUID: sop, StudyInstanceUID: o.studyInstanceUid, SeriesInstanceUID: seriesUid,
      Modality: 'OT', ConversionType: 'WSD', SeriesNumber: 9002, InstanceNumber: i + 1, SeriesDescription: o.seriesDescription,
      DerivationDescription: img.label, ImageType: ['DERIVED', 'SECONDARY'],
      PatientName: '', PatientID: '', PatientBirthDate: '', PatientSex: '', StudyDate: '', StudyTime: '', StudyID: '',
      AccessionNumber: '', ReferringPhysicianName: '', ContentDate: date, ContentTime: time, SeriesDate: date, SeriesTime: time,
      Manufacturer: 'coroscanner viewer',
      SamplesPerPixel: 3, PhotometricInterpretation: 'RGB', PlanarConfiguration: 0, Rows: img.rows, Columns: img.columns,
      BitsAllocated: 8, BitsStored: 8, HighBit: 7, PixelRepresentation: 0,
      PixelData: [pixels.buffer],
      _vrMap: { PixelData: 'OB' },
    };
    const { DicomDict, DicomMetaDictionary } = dcmjs.data;
    const meta = {
      FileMetaInformationVersion: new Uint8Array([0, 1]).buffer, MediaStorageSOPClassUID: SECONDARY_CAPTURE,
      MediaStorageSOPInstanceUID: sop, TransferSyntaxUID: EXPLICIT_LE, ImplementationClassUID: '2.25.1234567890',
    };
    const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
    dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
    return new Uint8Array(dict.write());
  });
}
