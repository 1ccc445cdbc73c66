export { benchRender, makeBenchScene, type RenderBenchResult } from "./bench-render";
export { createCanvasStub, ensureNodeGpu, type NodeGpuInfo, withGentleGpuPolling } from "./node-gpu";
export { createOffscreenRenderer, type OffscreenRenderer, type OffscreenRendererOptions } from "./offscreen-renderer";
export { decodePng, encodePng } from "./png";
export { makeCamera, SceneView, type ViewPoses } from "./scene-view";
export { findVulkanDriver, type VulkanDriver, type VulkanSearchOptions } from "./vulkan-driver";
