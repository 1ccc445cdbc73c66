import { describe, expect, it } from "vitest";
import { benchRemoteOverhead } from "./bench-remote";

describe("benchRemoteOverhead", () => {
  it("runs both protocols end to end and reports finite per-step figures", async () => {
    const r = await benchRemoteOverhead({ calls: 5, warmup: 1 });
    expect(Number.isFinite(r.openpiMsPerStep) && r.openpiMsPerStep > 0).toBe(true);
    expect(Number.isFinite(r.httpMsPerStep) && r.httpMsPerStep > 0).toBe(true);
  });
});
