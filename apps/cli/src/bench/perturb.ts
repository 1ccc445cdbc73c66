/** Bench section of scene perturbations: overhead next to an episode, and the default stress suite's wall time by axis. */
import { benchPerturbationOverhead, benchStressSuite } from "@gauntlet/perturb";
import type { BenchSection } from "./figures";

export const perturbSection: BenchSection = {
  name: "perturb",
  async run(add) {
    const o = await benchPerturbationOverhead("scenes/pick-cube.json");
    add({ figure: "episode time, oracle, pick-cube, one 128² camera (reference)", value: o.episodeMs, unit: "ms" });
    const draws = Object.values(o.drawMs);
    const meanDraw = draws.reduce((s, v) => s + v, 0) / draws.length;
    const worstDraw = Math.max(...draws);
    add({ figure: "perturbation draw + validity check, mean over axes, level 3 (once per perturbed scene, shared by its policies)", value: meanDraw, unit: "ms" });
    add({ figure: `perturbation draw + validity check, slowest axis (${Object.entries(o.drawMs).find(([, v]) => v === worstDraw)?.[0]})`, value: worstDraw, unit: "ms" });
    add({ figure: "scene swap at reset, steady state (world rebuilt, view re-dressed in place)", value: o.sceneSwapMs, unit: "ms" });
    add({ figure: "overhead of applying a perturbation, worst case: slowest draw + swap, % of the shortest episode (oracle)", value: (100 * (worstDraw + o.sceneSwapMs)) / o.episodeMs, unit: "%" });
    add({ figure: "image corruption per 128² frame, level 3 (noise, blur, exposure)", value: o.corruptFrameMs, unit: "ms" });
    add({ figure: "image corruption, % of episode time (every frame corrupted)", value: (100 * o.corruptFrameMs * o.framesPerEpisode) / o.episodeMs, unit: "%" });
    const suite = await benchStressSuite("evaluations/stress-default.json", 2);
    add({ figure: `default stress suite wall time, ${suite.episodes} episodes, 2 workers`, value: suite.wallSeconds, unit: "s" });
    add({ figure: "default stress suite, mean episode time", value: suite.meanEpisodeMs, unit: "ms" });
    add({ figure: "overhead of applying a perturbation per stress episode: mean draw ÷ policies + swap, % of the suite's mean episode", value: (100 * (meanDraw / suite.policies + o.sceneSwapMs)) / suite.meanEpisodeMs, unit: "%", target: "<= 1%" });
    for (const [axis, seconds] of Object.entries(suite.byAxis)) add({ figure: `default stress suite, ${axis} share of wall time`, value: seconds, unit: "s" });
  },
};
