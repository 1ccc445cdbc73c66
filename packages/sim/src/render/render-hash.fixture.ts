// Child-process half of the cross-process determinism test: prints the SHA-256 of a rendered frame.
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { makeBenchScene } from "./bench-render";
import { createOffscreenRenderer } from "./offscreen-renderer";

/** SHA-256 (hex) of the bench scene rendered at width x height. */
export async function renderBenchSceneHash(width: number, height: number): Promise<string> {
  const r = await createOffscreenRenderer({ width, height });
  try {
    const { scene, camera } = makeBenchScene();
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    const px = await r.render(scene, camera);
    return createHash("sha256").update(px).digest("hex");
  } finally {
    r.dispose();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [w, h] = process.argv.slice(2).map(Number);
  process.stdout.write(`${await renderBenchSceneHash(w || 128, h || 128)}\n`);
}
