/** One-time Cornerstone3D set-up: core, tools, DICOM image loader with a decode worker per core. */
import { init as coreInit, volumeLoader, cornerstoneStreamingImageVolumeLoader } from '@cornerstonejs/core';
import { init as dicomImageLoaderInit } from '@cornerstonejs/dicom-image-loader';
import {
  addTool,
  CrosshairsTool,
  init as toolsInit,
  PanTool,
  StackScrollTool,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import { registerNativeFileLoader } from './native-loader.ts';
import { watchDecodeWorkers, type DecodeWorkers } from './decode-watch.ts';

export interface CornerstoneSetup {
  readonly maxWebWorkers: number;
  /** the decode workers under watch (replaced when one dies or hangs) */
  readonly decoders: DecodeWorkers;
}

/** Call once per page; returns what was configured. */
export async function initCornerstone(): Promise<CornerstoneSetup> {
  await coreInit();
  const maxWebWorkers = Math.max(1, navigator.hardwareConcurrency || 1);
  // Legacy (dataSetCacheManager) metadata: local files are parsed once and their headers cached before the volume is built.
  dicomImageLoaderInit({ maxWebWorkers, useLegacyMetadataProvider: true });
  // native (uncompressed) slices are rescaled on the page, without a worker round trip each
  const decoders = watchDecodeWorkers(registerNativeFileLoader());
  volumeLoader.registerVolumeLoader(
    'cornerstoneStreamingImageVolume',
    cornerstoneStreamingImageVolumeLoader as unknown as Parameters<typeof volumeLoader.registerVolumeLoader>[1],
  );
  toolsInit();
  for (const tool of [CrosshairsTool, WindowLevelTool, PanTool, ZoomTool, StackScrollTool]) addTool(tool);
  return { maxWebWorkers, decoders };
}
