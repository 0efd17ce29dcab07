// The viewer's reaches past Cornerstone's public API live in src/viewer/cornerstone-adapter.ts and were written
// against one Cornerstone version. An upgrade must fail here, naming the member that moved, before it fails in the
// page: the installed packages are that version, and every member the adapter relies on is still there.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as core from '@cornerstonejs/core';
import { CORNERSTONE_VERSION, workerManagerInternals } from '../../../src/viewer/cornerstone-adapter.ts';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));
const source = (name: string, file: string) => readFileSync(join(packageDir(name), file), 'utf8');

describe('Cornerstone adapter', () => {
  it.each(['@cornerstonejs/core', '@cornerstonejs/tools', '@cornerstonejs/dicom-image-loader'])('%s is the version the adapter was written against', (name) => {
    const version = (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;
    expect(version).toBe(CORNERSTONE_VERSION);
  });

  it('the streaming volume still has the load-order and auto-render members the adapter replaces or sets', () => {
    const proto = core.StreamingImageVolume.prototype as unknown as Record<string, unknown>;
    expect(typeof proto.getImageLoadRequests).toBe('function');
    expect(typeof proto.getImageIdsRequests).toBe('function');
    expect(source('@cornerstonejs/core', 'dist/esm/cache/classes/BaseStreamingImageVolume.js')).toMatch(/this\.autoRenderOnLoad\b/);
  });

  it('viewports still read the CPU-path flags and the vtkImageData the adapter sets or marks', () => {
    expect(typeof (core.Viewport.prototype as unknown as Record<string, unknown>).getUseCustomRenderingPipeline).toBe('function');
    const stack = source('@cornerstonejs/core', 'dist/esm/RenderingEngine/StackViewport.js');
    expect(stack).toMatch(/\bcpuRenderingInvalidated\b/);
    expect(stack).toMatch(/\buseCPURendering\b/);
    expect(source('@cornerstonejs/core', 'dist/esm/utilities/VoxelManager.js')).toMatch(/getCompleteScalarDataArray/);
  });

  it('the web worker manager still keeps its registry and request pool where the decode watch reads them', () => {
    const m = workerManagerInternals();
    expect(m.workerRegistry).toBeTypeOf('object');
    expect(typeof m.registerWorker).toBe('function');
    expect(typeof m.terminate).toBe('function');
    const pool = source('@cornerstonejs/core', 'dist/esm/requestPool/requestPoolManager.js');
    expect(pool).toMatch(/\bnumRequests\b/);
    expect(pool).toMatch(/\bstartGrabbing\b/);
    expect(source('@cornerstonejs/core', 'dist/esm/webWorkerManager/webWorkerManager.js')).toMatch(/\bnativeWorkers\b/);
  });
});
