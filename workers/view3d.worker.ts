// Browser 3D-view worker: a thin comlink shell over src/render3d/worker-api.ts (coarse copy, heart isolated,
// CPU volume rendering). Images go back transferred.
import * as Comlink from 'comlink';
import { createView3dWorkerApi } from '../src/render3d/worker-api';
import type { RenderRequest } from '../src/render3d/raycast';

const inner = createView3dWorkerApi();
const api = {
  ...inner,
  render(req: RenderRequest) {
    const img = inner.render(req);
    return Comlink.transfer(img, [img.rgba.buffer]);
  },
};
export type View3dWorkerShell = typeof api;
Comlink.expose(api, self);
