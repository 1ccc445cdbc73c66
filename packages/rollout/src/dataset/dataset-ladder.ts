import type { PolicySpec } from "../evaluation-config";

/**
 * The policies that drive dataset episodes, from expert to floor, so the data holds clean
 * successes, noisy recoveries and failures: the privileged oracle at three noise levels, the six
 * behaviour-cloned checkpoints, the vision policy at two skills and random. Episode e of a scene
 * is driven by entry e mod length. `bcDir` is the folder holding the BC checkpoints.
 */
export function defaultDatasetLadder(bcDir = "models/bc"): PolicySpec[] {
  const bc = ["bc-d001", "bc-d002", "bc-d005", "bc-d010", "bc-d025", "bc-d250"];
  return [
    { kind: "oracle", noise: 0 },
    { kind: "oracle", noise: 0.3 },
    { kind: "oracle", noise: 0.6 },
    ...bc.map((name): PolicySpec => ({ kind: "onnx", path: `${bcDir}/${name}` })),
    { kind: "vision", noise: 0, delay: 0, gain: 1 },
    { kind: "vision", noise: 0.2, delay: 1, gain: 1 },
    { kind: "random" },
  ];
}
