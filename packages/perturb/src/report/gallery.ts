/** The report's gallery: what each axis does at each level, rendered from one scene and seed as embedded PNGs. */
import { loadScene, makeSimEnv } from "@gauntlet/sim";
import { encodePng } from "@gauntlet/sim/render";
import type { PerturbationAxis } from "../axis";
import { PerturbationRejectedError, perturbationSeed, perturbScene } from "../perturb-scene";

export interface GalleryCell {
  axis: string;
  level: number;
  /** A data: URL of the first frame, or absent when the perturbation was rejected. */
  png?: string;
  rejected?: string;
}

/** Renders the first frame of `seed`'s episode on the perturbed scene, per axis and level, from the first fixed camera. */
export async function renderGallery(scenePath: string, axes: PerturbationAxis[], levels: number[], seed: number): Promise<{ camera: string; sceneId: string; cells: GalleryCell[] }> {
  const nominal = loadScene(scenePath);
  const camera = (nominal.cameras.find((c) => c.mount === "world") ?? nominal.cameras[0]).name;
  const env = await makeSimEnv(nominal, { cameras: [camera] });
  const cells: GalleryCell[] = [];
  try {
    for (const axis of axes) {
      for (const level of levels) {
        try {
          const { scene } = perturbScene(nominal, axis, level, perturbationSeed(seed, axis.name));
          const { obs } = await env.reset({ seed, scene });
          const img = obs.images[camera];
          cells.push({ axis: axis.name, level, png: `data:image/png;base64,${encodePng(img.data, img.width, img.height).toString("base64")}` });
        } catch (err) {
          if (!(err instanceof PerturbationRejectedError)) throw err;
          cells.push({ axis: axis.name, level, rejected: err.reasons.join("; ") });
        }
      }
    }
  } finally {
    await env.close();
  }
  return { camera, sceneId: nominal.id, cells };
}
