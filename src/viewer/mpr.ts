/**
 * The three linked MPR viewports (axial, coronal, sagittal) and their tools, mapped as in OHIF, Horos and
 * RadiAnt: left-drag window/level by default (or the chosen left tool), Shift + left-drag the crosshairs
 * (rotatable, oblique MPR) while another tool holds the left button, right-drag zoom, middle-drag pan, wheel
 * scroll; W/L shared between views; slab + blend mode.
 */
import { Enums, RenderingEngine, setVolumesForViewports, type Types } from '@cornerstonejs/core';
import {
  CrosshairsTool,
  Enums as ToolEnums,
  PanTool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  synchronizers,
  SynchronizerManager,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import { clampSlabMm, wlToVoi, voiToWl, type SlabBlend, type WindowLevel } from './window-level.ts';
import { uniqueToken } from './unique-token.ts';

export const MPR_VIEW_IDS = ['axial', 'coronal', 'sagittal'] as const;
export type MprViewId = (typeof MPR_VIEW_IDS)[number];
export type LeftTool = 'crosshairs' | 'windowLevel' | 'pan' | 'zoom';
/** The left button's tool when a study opens: window/level, as reading workstations do. */
export const DEFAULT_LEFT_TOOL: LeftTool = 'windowLevel';

const ORIENTATION: Record<MprViewId, Enums.OrientationAxis> = {
  axial: Enums.OrientationAxis.AXIAL,
  coronal: Enums.OrientationAxis.CORONAL,
  sagittal: Enums.OrientationAxis.SAGITTAL,
};
const LINE_COLOUR: Record<MprViewId, string> = { axial: 'rgb(255, 80, 80)', coronal: 'rgb(80, 220, 80)', sagittal: 'rgb(90, 150, 255)' };
const TOOL_NAME: Record<LeftTool, string> = {
  crosshairs: CrosshairsTool.toolName,
  windowLevel: WindowLevelTool.toolName,
  pan: PanTool.toolName,
  zoom: ZoomTool.toolName,
};
const BLEND: Record<SlabBlend, Enums.BlendModes> = {
  mip: Enums.BlendModes.MAXIMUM_INTENSITY_BLEND,
  minip: Enums.BlendModes.MINIMUM_INTENSITY_BLEND,
  mean: Enums.BlendModes.AVERAGE_INTENSITY_BLEND,
};

export interface Mpr {
  readonly engine: RenderingEngine;
  readonly toolGroupId: string;
  viewport(id: MprViewId): Types.IVolumeViewport;
  setVolume(volumeId: string): Promise<void>;
  setLeftTool(tool: LeftTool): void;
  setWindowLevel(wl: WindowLevel): void;
  getWindowLevel(id?: MprViewId): WindowLevel | undefined;
  /** 0 mm = thin slice (composite). */
  setSlab(thicknessMm: number, blend: SlabBlend): void;
  /** Back to the opening state: cameras fitted, rotation undone, crosshairs centred, W/L `wl`. */
  resetView(wl: WindowLevel): void;
  setCrosshairCenter(lps: Types.Point3): void;
  getCrosshairCenter(): Types.Point3 | undefined;
  render(): void;
  destroy(): void;
}

export function createMpr(elements: Readonly<Record<MprViewId, HTMLDivElement>>): Mpr {
  const n = uniqueToken();
  const engine = new RenderingEngine(`coro-engine-${n}`);
  engine.setViewports(
    MPR_VIEW_IDS.map((id) => ({
      viewportId: id,
      type: Enums.ViewportType.ORTHOGRAPHIC,
      element: elements[id],
      defaultOptions: { orientation: ORIENTATION[id], background: [0, 0, 0] as Types.Point3 },
    })),
  );
  const toolGroupId = `coro-mpr-${n}`;
  const group = createToolGroup(toolGroupId, engine.id);
  let leftTool: LeftTool = DEFAULT_LEFT_TOOL;
  const voiSync = synchronizers.createVOISynchronizer(`coro-voi-${n}`, { syncInvertState: false, syncColormap: false });
  for (const id of MPR_VIEW_IDS) voiSync.add({ renderingEngineId: engine.id, viewportId: id });

  const viewport = (id: MprViewId) => engine.getViewport(id) as Types.IVolumeViewport;
  const crosshairs = () => group.getToolInstance(CrosshairsTool.toolName) as CrosshairsTool | undefined;
  const activateLeft = (tool: LeftTool) => {
    bindLeftTool(group, tool);
    leftTool = tool;
  };

  return {
    engine,
    toolGroupId,
    viewport,
    async setVolume(volumeId) {
      group.setToolDisabled(CrosshairsTool.toolName);
      await setVolumesForViewports(engine, [{ volumeId }], [...MPR_VIEW_IDS]);
      for (const id of MPR_VIEW_IDS) viewport(id).resetCamera();
      activateLeft(leftTool);
      engine.render();
    },
    setLeftTool: activateLeft,
    setWindowLevel(wl) {
      for (const id of MPR_VIEW_IDS) viewport(id).setProperties({ voiRange: wlToVoi(wl) });
      engine.render();
    },
    getWindowLevel(id = 'axial') {
      const range = viewport(id).getProperties()?.voiRange;
      return range ? voiToWl(range) : undefined;
    },
    setSlab(thicknessMm, blend) {
      const mm = clampSlabMm(thicknessMm);
      for (const id of MPR_VIEW_IDS) {
        const vp = viewport(id);
        vp.setBlendMode(mm > 0 ? BLEND[blend] : Enums.BlendModes.COMPOSITE);
        if (mm > 0) vp.setSlabThickness(mm);
        else vp.resetSlabThickness();
      }
      engine.render();
    },
    resetView(wl) {
      const tool = crosshairs();
      if (tool) tool.resetCrosshairs();
      else for (const id of MPR_VIEW_IDS) viewport(id).resetCamera();
      for (const id of MPR_VIEW_IDS) viewport(id).setProperties({ voiRange: wlToVoi(wl) });
      engine.render();
    },
    setCrosshairCenter(lps) {
      const tool = crosshairs();
      if (tool) tool.setToolCenter(lps);
      else for (const id of MPR_VIEW_IDS) moveSliceTo(viewport(id), lps);
      engine.render();
    },
    getCrosshairCenter() {
      const c = crosshairs()?.toolCenter;
      return c ? ([c[0], c[1], c[2]] as Types.Point3) : undefined;
    },
    render: () => engine.render(),
    destroy() {
      SynchronizerManager.destroySynchronizer(`coro-voi-${n}`);
      ToolGroupManager.destroyToolGroup(toolGroupId);
      engine.destroy();
    },
  };
}

/** The views' tool group: crosshairs (coloured per view, rotatable), W/L, pan on the middle button, zoom on the
 *  right, scroll on the wheel. */
function createToolGroup(toolGroupId: string, engineId: string): ToolTypes.IToolGroup {
  const group = ToolGroupManager.createToolGroup(toolGroupId);
  if (!group) throw new Error(`createMpr: tool group ${toolGroupId} already exists`);
  group.addTool(CrosshairsTool.toolName, {
    getReferenceLineColor: (viewportId: string) => LINE_COLOUR[viewportId as MprViewId] ?? 'yellow',
    getReferenceLineControllable: () => true,
    getReferenceLineDraggableRotatable: () => true,
    getReferenceLineSlabThicknessControlsOn: () => false,
  });
  group.addTool(WindowLevelTool.toolName);
  group.addTool(PanTool.toolName);
  group.addTool(ZoomTool.toolName);
  group.addTool(StackScrollTool.toolName);
  for (const id of MPR_VIEW_IDS) group.addViewport(id, engineId);
  const { MouseBindings } = ToolEnums;
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
  return group;
}

/** `tool` on the left button; the crosshairs stay on Shift + left, pan and zoom keep their own buttons. */
function bindLeftTool(group: ToolTypes.IToolGroup, tool: LeftTool): void {
  const { MouseBindings } = ToolEnums;
  for (const t of Object.values(TOOL_NAME)) {
    if (t === PanTool.toolName || t === ZoomTool.toolName) continue;
    if (t !== TOOL_NAME[tool]) group.setToolPassive(t);
  }
  const bindings: ToolTypes.IToolBinding[] = [{ mouseButton: MouseBindings.Primary }];
  if (tool === 'pan') bindings.push({ mouseButton: MouseBindings.Auxiliary });
  if (tool === 'zoom') bindings.push({ mouseButton: MouseBindings.Secondary });
  group.setToolActive(TOOL_NAME[tool], { bindings });
  if (tool !== 'crosshairs') {
    group.setToolActive(CrosshairsTool.toolName, { bindings: [{ mouseButton: MouseBindings.Primary, modifierKey: ToolEnums.KeyboardBindings.Shift }] });
  }
  if (tool !== 'pan') group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  if (tool !== 'zoom') group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
}

/** Scrolls a view along its normal so its plane contains `lps` (keeps in-plane pan). */
function moveSliceTo(vp: Types.IVolumeViewport, lps: Types.Point3): void {
  const { focalPoint, position, viewPlaneNormal: n } = vp.getCamera();
  if (!focalPoint || !position || !n) return;
  const d = (lps[0] - focalPoint[0]) * n[0] + (lps[1] - focalPoint[1]) * n[1] + (lps[2] - focalPoint[2]) * n[2];
  const shift = (p: Types.Point3): Types.Point3 => [p[0] + d * n[0], p[1] + d * n[1], p[2] + d * n[2]];
  vp.setCamera({ focalPoint: shift(focalPoint), position: shift(position) });
}
