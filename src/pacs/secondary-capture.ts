/**
 * Views of the study sent back to the PACS beside the report: each a DICOM Secondary Capture (8-bit RGB,
 * uncompressed, Modality OT) in one new series under the study, so any PACS viewer shows the teacher's
 * vignettes next to the CT. Pure: RGB pixels in, Part 10 bytes out (dcmjs writes them).
 */
import { newUid } from '../report/sr.ts';
import { dicomDateTime, studyAttributes, studyByUid, writePart10, type SourceStudy } from '../report/study-header.ts';

export const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';

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
  /** The source study's patient and study modules (the PACS files the captures beside the CT); without it, empty. */
  readonly study?: SourceStudy;
  readonly seriesDescription: string;
  readonly images: readonly CaptureImage[];
  readonly now?: Date;
}

/** One Part 10 Secondary Capture per image, all in one new series (numbered in the given order). */
export function secondaryCaptures(o: CaptureSeries): Uint8Array[] {
  const seriesUid = newUid();
  const { date, time } = dicomDateTime(o.now ?? new Date());
  const study = studyAttributes(o.study ?? studyByUid(o.studyInstanceUid));
  return o.images.map((img, i) => {
    if (img.rgb.length !== img.rows * img.columns * 3) throw new Error(`capture ${img.label}: ${img.rgb.length} bytes for ${img.columns}×${img.rows} RGB`);
    const sop = newUid();
    // odd-length pixel data is padded to an even length, as DICOM requires
    const pixels = img.rgb.length % 2 ? new Uint8Array(img.rgb.length + 1) : new Uint8Array(img.rgb.length);
    pixels.set(img.rgb);
    return writePart10({
      SOPClassUID: SECONDARY_CAPTURE, SOPInstanceUID: sop, ...study, SeriesInstanceUID: seriesUid,
      Modality: 'OT', ConversionType: 'WSD', SeriesNumber: 9002, InstanceNumber: i + 1, SeriesDescription: o.seriesDescription,
      DerivationDescription: img.label, ImageType: ['DERIVED', 'SECONDARY'],
      ContentDate: date, ContentTime: time, SeriesDate: date, SeriesTime: time,
      Manufacturer: 'coroscanner viewer',
      SamplesPerPixel: 3, PhotometricInterpretation: 'RGB', PlanarConfiguration: 0, Rows: img.rows, Columns: img.columns,
      BitsAllocated: 8, BitsStored: 8, HighBit: 7, PixelRepresentation: 0,
      PixelData: [pixels.buffer],
      _vrMap: { PixelData: 'OB' },
    });
  });
}
