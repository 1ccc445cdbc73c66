/** Bench section of the arena's browser UI: build time (paid on every start) and script per page. */
import { benchWeb } from "@gauntlet/web/bench";
import type { BenchSection } from "./figures";

export const webSection: BenchSection = {
  name: "web",
  async run(add) {
    const { buildMs, upToDateMs, pageKb } = await benchWeb();
    add({ figure: "web build (esbuild, minified, all pages), median of 3", value: buildMs, unit: "ms", target: "<= 3000" });
    add({ figure: "web build when nothing changed (skipped)", value: upToDateMs, unit: "ms" });
    for (const [page, kb] of Object.entries(pageKb)) add({ figure: `script of the ${page} page, gzipped`, value: kb, unit: "KiB" });
  },
};
