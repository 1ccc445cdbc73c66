import { promisify } from "node:util";
import { findVulkanDriver, type VulkanDriver } from "./vulkan-driver";

/** What ensureNodeGpu found: a human-readable adapter description and the Vulkan driver in use. */
export interface NodeGpuInfo {
  adapterInfo: string;
  driver: VulkanDriver;
}

let setup: Promise<NodeGpuInfo> | null = null;
let pendingFrame: FrameRequestCallback | null = null;
let frameHandle = 0;

/**
 * Run three's queued animation-frame callback now. Our requestAnimationFrame stub never fires on
 * its own (a timer would keep Node alive and burn CPU), but three only refreshes per-frame node
 * uniforms (e.g. light colour * intensity) on an animation frame, so the offscreen renderer pumps
 * one frame per render.
 */
export function pumpAnimationFrame(): void {
  const cb = pendingFrame;
  pendingFrame = null;
  cb?.(performance.now());
}

// dawn.node resolves mapAsync/onSubmittedWorkDone by re-queueing wgpuInstanceProcessEvents with
// setImmediate until the work is done: a busy loop that, on a 2-core machine, steals a whole core
// from SwiftShader's two render threads. Sleeping ~0.15 ms per poll (Atomics.wait blocks without
// using CPU) measured the lit bench scene at 128² at ~450 fps instead of ~270 on an idle 2-core machine.
const NAP_MS = 0.15;
const napCell = new Int32Array(new SharedArrayBuffer(4));
const baseSetImmediate = globalThis.setImmediate;
let realSetImmediate: typeof setImmediate | null = null;
let gentleDepth = 0;

function nappingSetImmediate(...args: Parameters<typeof setImmediate>): NodeJS.Immediate {
  Atomics.wait(napCell, 0, 0, NAP_MS);
  return (realSetImmediate ?? baseSetImmediate)(...args);
}

/**
 * Run `fn` (which awaits Dawn, e.g. a GPU readback) with Dawn's event polling throttled so it does
 * not compete with a CPU Vulkan driver. Other setImmediate users are delayed by NAP_MS meanwhile.
 */
export async function withGentleGpuPolling<T>(fn: () => Promise<T>): Promise<T> {
  if (gentleDepth++ === 0) {
    realSetImmediate = globalThis.setImmediate;
    // Keep util.promisify(setImmediate) and timers/promises users working during the window.
    Object.assign(nappingSetImmediate, { [promisify.custom]: (realSetImmediate as never)[promisify.custom] });
    globalThis.setImmediate = nappingSetImmediate as typeof setImmediate;
  }
  try {
    return await fn();
  } finally {
    if (--gentleDepth === 0 && realSetImmediate) {
      globalThis.setImmediate = realSetImmediate;
      realSetImmediate = null;
    }
  }
}

/** A minimal object that satisfies what three's CanvasTarget/WebGPUBackend touch when we only render to targets. */
export function createCanvasStub(width = 1, height = 1): HTMLCanvasElement {
  const stub = {
    width,
    height,
    style: {},
    addEventListener() {},
    removeEventListener() {},
    // Returning null is fine: the canvas context is only requested when rendering to the screen.
    getContext: () => null,
  };
  return stub as unknown as HTMLCanvasElement;
}

/** Install navigator.gpu, GPU* globals, self and a requestAnimationFrame stub so three's WebGPURenderer runs in Node (idempotent). */
export function ensureNodeGpu(): Promise<NodeGpuInfo> {
  setup ??= install().catch((err: unknown) => {
    setup = null; // allow a retry after the user installs a driver
    throw err;
  });
  return setup;
}

async function install(): Promise<NodeGpuInfo> {
  const driver = findVulkanDriver();
  // The Vulkan loader reads this when Dawn creates its instance, so it must be set before `webgpu` loads.
  if (driver.kind !== "env") process.env.VK_ICD_FILENAMES = driver.icdPath;

  const { create, globals } = await import("webgpu");
  // three checks `GPUShaderStage`, `GPUBufferUsage`, `GPUTextureUsage`, `GPUMapMode`, ... as globals.
  Object.assign(globalThis, globals);

  const g = globalThis as Record<string, unknown>;
  const nav = g.navigator as { gpu?: GPU } | undefined;
  // Reuse a navigator.gpu someone else installed: two Dawn instances would double memory and threads.
  const gpu = nav?.gpu ?? create([]);
  if (nav && !nav.gpu) {
    // Node >= 21 has a navigator object whose properties we may extend.
    Object.defineProperty(nav, "gpu", { value: gpu, configurable: true, writable: true });
  } else if (!nav) {
    // Node 20 has no navigator at all.
    g.navigator = { gpu, userAgent: `Node.js/${process.versions.node}` };
  }
  // three reads `self` to find requestAnimationFrame for its internal Animation loop.
  g.self ??= globalThis;
  g.requestAnimationFrame = (cb: FrameRequestCallback): number => {
    pendingFrame = cb;
    return ++frameHandle;
  };
  g.cancelAnimationFrame = (handle: number): void => {
    if (handle === frameHandle) pendingFrame = null;
  };

  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) {
    throw new Error(
      `WebGPU (Dawn) found no adapter using Vulkan driver ${driver.icdPath} (${driver.kind}). ` +
        "Install a working driver with `sudo apt-get install chromium` (SwiftShader) or `npm run setup`, " +
        "or point VK_ICD_FILENAMES at another ICD json.",
    );
  }
  const i = adapter.info;
  const adapterInfo = [i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(" / ");
  return { adapterInfo, driver };
}
