/** Optional 3D volume rendering (off by default; costly under software GL). */
import { Enums, setVolumesForViewports, type RenderingEngine, type Types } from '@cornerstonejs/core';
import { ToolGroupManager, TrackballRotateTool, ZoomTool, PanTool, Enums as ToolEnums } from '@cornerstonejs/tools';

export const VIEW3D_ID = 'vr3d';
/** Cornerstone's cardiac CT preset (vtk.js volume-rendering presets). */
export const CORONARY_PRESET = 'CT-Cardiac3';

export interface View3d {
  readonly enabled: boolean;
  enable(volumeId: string): Promise<void>;
  disable(): void;
  /** Re-binds to a new volume if enabled. */
  setVolume(volumeId: string): Promise<void>;
}

export function createView3d(engine: RenderingEngine, element: HTMLDivElement): View3d {
  let enabled = false;
  const groupId = `${engine.id}-3d`;
  const bind = async (volumeId: string) => {
    await setVolumesForViewports(engine, [{ volumeId }], [VIEW3D_ID]);
    const vp = engine.getViewport(VIEW3D_ID) as Types.IVolumeViewport;
    vp.setProperties({ preset: CORONARY_PRESET });
    vp.resetCamera();
    vp.render();
  };
  return {
    get enabled() {
      return enabled;
    },
    async enable(volumeId) {
      if (enabled) return;
      engine.enableElement({
        viewportId: VIEW3D_ID,
        type: Enums.ViewportType.VOLUME_3D,
        element,
        defaultOptions: { orientation: Enums.OrientationAxis.CORONAL, background: [0, 0, 0] as Types.Point3 },
      });
      const group = ToolGroupManager.getToolGroup(groupId) ?? ToolGroupManager.createToolGroup(groupId);
      if (group && !group.hasTool(TrackballRotateTool.toolName)) {
        group.addTool(TrackballRotateTool.toolName);
        group.addTool(ZoomTool.toolName);
        group.addTool(PanTool.toolName);
        const { MouseBindings } = ToolEnums;
        group.setToolActive(TrackballRotateTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary }] });
        group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
        group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
      }
      group?.addViewport(VIEW3D_ID, engine.id);
      enabled = true;
      await bind(volumeId);
    },
    disable() {
      if (!enabled) return;
      ToolGroupManager.getToolGroup(groupId)?.removeViewports(engine.id, VIEW3D_ID);
      engine.disableElement(VIEW3D_ID);
      enabled = false;
    },
    async setVolume(volumeId) {
      if (enabled) await bind(volumeId);
    },
  };
}
