/**
 * `gauntlet real2sim`: turns one real observation into a runnable scene file, with its green-screen
 * backdrop, an overlay of the fitted objects on the real frame, and a per-object fit report.
 *
 *   gauntlet real2sim --rgb frame.png --depth depth.png --intrinsics k.json --out scenes/real/desk.json
 *   gauntlet real2sim --rgb scenes/real/frame.png --calib scenes/real/bridge-eval-camera.calib.json \
 *     --instruction "stack the green block on the yellow block" --out scenes/real/stack-cube-bridge.json
 *   gauntlet rollout --scene scenes/real/stack-cube-bridge.json --policy oracle --episodes 1
 */
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { type Real2SimInput, readCalibration, readDepthPng, readIntrinsics, readLabelPng, readRgbPng, translateObservation, writeTranslation } from "@gauntlet/real2sim";

/** `gauntlet real2sim --rgb a.png [--depth d.png --intrinsics k.json | --calib c.json] [--masks m.png] [--background bg.png] [--instruction "..."] --out x.json` */
export async function real2sim(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      rgb: { type: "string" },
      depth: { type: "string" },
      intrinsics: { type: "string" },
      calib: { type: "string" },
      masks: { type: "string" },
      background: { type: "string" },
      instruction: { type: "string" },
      out: { type: "string" },
      id: { type: "string" },
      seed: { type: "string", default: "0" },
      "no-refine": { type: "boolean", default: false },
    },
  });
  if (!values.rgb) throw new Error("--rgb: missing; expected the colour frame, e.g. --rgb frame.png");
  if (!values.out) throw new Error("--out: missing; expected the scene file to write, e.g. --out scenes/real/desk.json");
  if (values.depth && values.calib) throw new Error("--calib: give either --depth with --intrinsics (RGB-D) or --calib (calibrated RGB), not both");
  if (values.depth && !values.intrinsics) throw new Error("--intrinsics: missing; RGB-D input (--depth) needs the camera intrinsics, e.g. --intrinsics k.json");
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed: expected an integer, got ${values.seed}`);
  const intrinsics = values.intrinsics ? readIntrinsics(values.intrinsics) : undefined;
  const input: Real2SimInput = {
    rgb: readRgbPng(values.rgb),
    depth: values.depth ? readDepthPng(values.depth, intrinsics?.depthUnit) : undefined,
    intrinsics,
    calibration: values.calib ? readCalibration(values.calib) : undefined,
    masks: values.masks ? readLabelPng(values.masks) : undefined,
    background: values.background ? readRgbPng(values.background, "--background") : undefined,
    instruction: values.instruction,
    id: values.id ?? basename(values.out).replace(/\.json$/, ""),
  };
  const t0 = performance.now();
  const result = await translateObservation(input, { seed, refine: !values["no-refine"], onStage: (s) => process.stderr.write(`real2sim: ${s}\n`) });
  const paths = writeTranslation(result, values.out);
  const { report } = result;
  console.log(`${report.objects.length} object(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s (${report.mode}):`);
  for (const o of report.objects) {
    const size = o.size.map((s) => `${(100 * s).toFixed(1)}`).join(" x ");
    console.log(`  ${o.id}: ${o.type} ${size} cm at (${o.position.map((p) => p.toFixed(3)).join(", ")}), silhouette IoU ${o.iouBefore.toFixed(2)} -> ${o.iouAfter.toFixed(2)}`);
  }
  for (const w of report.warnings) console.warn(`warning: ${w}`);
  console.log(`task: ${result.scene.task.type}, "${result.scene.task.instruction}"`);
  console.log(`wrote ${paths.scene}, ${paths.backdrop}, ${paths.overlay}, ${paths.report}`);
}
