/**
 * Cornerstone tools of the CPR and cross-section viewports: W/L, length and probe on the left button when
 * chosen, pan on the middle and zoom on the right button and the wheel; 'cursor' leaves the left button to the vessel view
 * (CPR rotation and cursor, contour editing).
 */
import { addTool, Enums as ToolEnums, LengthTool, PanTool, ProbeTool, ToolGroupManager, WindowLevelTool, ZoomTool } from '@cornerstonejs/tools';
import { uniqueToken } from '../unique-token.ts';

export type PanelTool = 'cursor' | 'windowLevel' | 'length' | 'probe';
const LEFT: Record<Exclude<PanelTool, 'cursor'>, string> = {
  windowLevel: WindowLevelTool.toolName, length: LengthTool.toolName, probe: ProbeTool.toolName,
};

export interface PanelTools {
  set(tool: PanelTool): void;
  readonly current: PanelTool;
  destroy(): void;
}

export function createPanelTools(engineId: string, viewportIds: readonly string[]): PanelTools {
  for (const T of [LengthTool, ProbeTool, WindowLevelTool, PanTool, ZoomTool]) addTool(T);
  const id = `coro-vessel-tools-${uniqueToken()}`;
  const group = ToolGroupManager.createToolGroup(id);
  if (!group) throw new Error(`createPanelTools: tool group ${id} already exists`);
  for (const name of [WindowLevelTool.toolName, PanTool.toolName, ZoomTool.toolName, LengthTool.toolName, ProbeTool.toolName]) group.addTool(name);
  for (const v of viewportIds) group.addViewport(v, engineId);
  const { MouseBindings } = ToolEnums;
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  // zoom on the right button and on the wheel (about the pointer): the panels have no slices to scroll
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }, { mouseButton: MouseBindings.Wheel }] });
  let current: PanelTool = 'cursor';
  const set = (tool: PanelTool) => {
    for (const name of Object.values(LEFT)) group.setToolPassive(name);
    if (tool !== 'cursor') group.setToolActive(LEFT[tool], { bindings: [{ mouseButton: MouseBindings.Primary }] });
    current = tool;
  };
  set('cursor');
  return {
    set,
    get current() {
      return current;
    },
    destroy: () => ToolGroupManager.destroyToolGroup(id),
  };
}
