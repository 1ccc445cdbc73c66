import { describe, expect, it } from "vitest";
import type { RunEpisode } from "../api";
import { outcomeTable } from "./runs-page";

const ep = (policy: string, scene: string, success: boolean, status = success ? "success" : "failure"): RunEpisode => ({ id: `${policy}${scene}${Math.random()}`, policy, scene, task: "t", seed: 0, success, status, video: "/v" });

describe("outcomeTable", () => {
  it("counts successes per policy and scene, leaving errored episodes out", () => {
    const t = outcomeTable([ep("b", "s1", true), ep("a", "s1", false), ep("a", "s1", true), ep("a", "s2", false, "errored"), ep("b", "s2", false)]);
    expect(t.policies).toEqual(["a", "b"]);
    expect(t.scenes).toEqual(["s1", "s2"]);
    expect(t.cell("a", "s1")).toEqual({ successes: 1, episodes: 2 });
    expect(t.cell("a", "s2")).toEqual({ successes: 0, episodes: 0 });
    expect(t.cell("b", "s2")).toEqual({ successes: 0, episodes: 1 });
  });
});
