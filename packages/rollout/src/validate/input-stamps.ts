/**
 * What `gauntlet validate` keeps between runs is keyed by its inputs' contents (file hashes and
 * policy specs), not their paths, so an edited scene or retrained policy is never served stale.
 */
import type { EvaluationConfig, PolicySpec } from "../evaluation-config";
import { inputHashes } from "../run-evaluation";

/** The key of the held-out dataset: its request, the policies that play it, and the scenes' and policies' file hashes. */
export function heldOutStamp(scenePaths: readonly string[], policies: readonly PolicySpec[], request: { seed: number; size: number; perScene: number; scenes: string[] }): string {
  const hashes = inputHashes({ scenePaths: [...scenePaths], policies: [...policies] });
  return JSON.stringify({ ...request, policies, hashes });
}

/** The key of the simulator half of the closed loop: the config's scenes, policies and seeds (with file hashes) and the judge's. */
export function closedLoopSimStamp(closedLoop: EvaluationConfig, judgeSha256: string): string {
  const { scenePaths, policies, seeds } = closedLoop;
  const hashes = inputHashes({ scenePaths, policies });
  return JSON.stringify({ scenes: scenePaths, policies, seeds, judge: judgeSha256, hashes });
}
