/** Bench section of real-to-sim translation. */
import { benchReal2Sim } from "@gauntlet/real2sim";
import type { BenchSection } from "./figures";

export const real2simSection: BenchSection = {
  name: "real2sim",
  async run(add) {
    const r = await benchReal2Sim(3);
    add({ figure: "translation time, 640x480 RGB-D frame, 4 objects, refinement included (median of 3)", value: r.medianMs / 1000, unit: "s", target: "<= 5 s" });
    add({ figure: "translation time, worst of 3", value: r.maxMs / 1000, unit: "s" });
    for (const [stage, ms] of Object.entries(r.stagesMs)) add({ figure: `  stage ${stage} (median)`, value: ms, unit: "ms" });
  },
};
