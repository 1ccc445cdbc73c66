import * as THREE from "three/webgpu";

/** Renders three.js scenes off screen and returns tightly packed RGBA8 pixels, row 0 = top of the image. */
export interface OffscreenRenderer {
  /**
   * Render `scene` from `camera` at width x height (default: the size given at creation).
   * Resolves to sRGB-encoded RGBA bytes, length width*height*4, rows ordered top to bottom.
   * Pass `out` (length width*height*4) to fill it instead of allocating a new array.
   */
  render(scene: THREE.Scene, camera: THREE.Camera, width?: number, height?: number, out?: Uint8Array): Promise<Uint8Array>;
  /** Free the GPU resources held by this renderer. */
  dispose(): void;
  /** The underlying three.js renderer, for callers that need more control. */
  readonly renderer: THREE.WebGPURenderer;
}

/** Options for createOffscreenRenderer. */
export interface OffscreenRendererOptions {
  width: number;
  height: number;
}

const isNode = typeof process !== "undefined" && !!process.versions?.node;
type GpuWait = <T>(fn: () => Promise<T>) => Promise<T>;

function browserCanvas(width: number, height: number): HTMLCanvasElement | OffscreenCanvas {
  if (typeof OffscreenCanvas !== "undefined") return new OffscreenCanvas(width, height);
  const c = document.createElement("canvas");
  c.width = width;
  c.height = height;
  return c;
}

/** Create a WebGPU offscreen renderer; in Node it first installs Dawn via ensureNodeGpu (browsers use their own navigator.gpu). */
export async function createOffscreenRenderer(opts: OffscreenRendererOptions): Promise<OffscreenRenderer> {
  const defaultW = opts.width;
  const defaultH = opts.height;
  let canvas: HTMLCanvasElement | OffscreenCanvas;
  let pumpFrame: (() => void) | null = null;
  let gpuWait: GpuWait = (fn) => fn();
  if (!isNode) {
    // Browser: navigator.gpu (or three's WebGL2 fallback) and a real rAF already exist.
    canvas = browserCanvas(defaultW, defaultH);
  } else {
    // A non-literal specifier keeps bundlers (Vite, esbuild) from following it into node:fs and
    // the Dawn binary when this module is bundled for a browser.
    const nodeGpuPath = "./node-gpu";
    const nodeGpu: typeof import("./node-gpu") = await import(/* @vite-ignore */ nodeGpuPath);
    await nodeGpu.ensureNodeGpu();
    canvas = nodeGpu.createCanvasStub(defaultW, defaultH);
    pumpFrame = nodeGpu.pumpAnimationFrame;
    gpuWait = nodeGpu.withGentleGpuPolling;
  }

  // antialias off: MSAA resolve adds a pass and makes edges depend on sample patterns.
  const renderer = new THREE.WebGPURenderer({ canvas: canvas as HTMLCanvasElement, antialias: false, alpha: false });
  await renderer.init();
  renderer.toneMapping = THREE.NoToneMapping;
  renderer.setPixelRatio(1);

  // WebGPU's framebuffer origin is top-left, so texture row 0 is already the top of the image.
  // The WebGL2 fallback (browser without WebGPU) reads back bottom-up and needs flipping.
  const flipRows = (renderer.backend as { isWebGLBackend?: boolean }).isWebGLBackend === true;

  const targets = new Map<number, THREE.RenderTarget>();
  const getTarget = (w: number, h: number): THREE.RenderTarget => {
    const key = w * 65536 + h;
    let rt = targets.get(key);
    if (!rt) {
      // An rgba8unorm-srgb target makes the GPU encode linear -> sRGB on write, which is what the
      // canvas path does in a shader, without the extra full-screen output pass three would add
      // if we made this target the "output" target.
      rt = new THREE.RenderTarget(w, h, {
        colorSpace: THREE.SRGBColorSpace,
        type: THREE.UnsignedByteType,
        format: THREE.RGBAFormat,
        depthBuffer: true,
        samples: 0,
        generateMipmaps: false,
        minFilter: THREE.NearestFilter,
        magFilter: THREE.NearestFilter,
      });
      targets.set(key, rt);
    }
    return rt;
  };

  let disposed = false;
  let queue: Promise<unknown> = Promise.resolve();

  const renderOnce = async (scene: THREE.Scene, camera: THREE.Camera, w: number, h: number, out?: Uint8Array) => {
    if (disposed) throw new Error("OffscreenRenderer used after dispose()");
    const rt = getTarget(w, h);
    pumpFrame?.();
    renderer.setRenderTarget(rt);
    renderer.render(scene, camera);
    const px = (await gpuWait(() => renderer.readRenderTargetPixelsAsync(rt, 0, 0, w, h))) as Uint8Array;
    const rowBytes = w * 4;
    if (!flipRows) {
      if (!out) return px;
      out.set(px);
      return out;
    }
    const dst = out ?? new Uint8Array(px.length);
    for (let y = 0; y < h; y++) dst.set(px.subarray(y * rowBytes, (y + 1) * rowBytes), (h - 1 - y) * rowBytes);
    return dst;
  };

  return {
    renderer,
    render(scene, camera, width = defaultW, height = defaultH, out) {
      if (out && out.length !== width * height * 4) {
        return Promise.reject(new RangeError(`out has length ${out.length}, expected ${width * height * 4}`));
      }
      // Serialise: concurrent renders would race on the shared render target before readback.
      const job = queue.then(() => renderOnce(scene, camera, width, height, out));
      queue = job.catch(() => undefined);
      return job;
    },
    dispose() {
      disposed = true;
      for (const rt of targets.values()) rt.dispose();
      targets.clear();
      void renderer.dispose();
    },
  };
}
