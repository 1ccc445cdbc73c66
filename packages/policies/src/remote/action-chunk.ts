import { type ActionChunk, PolicyUnavailableError } from "@gauntlet/core";

/**
 * Splits a row-major `[H, D]` (or `[D]`, one action) array of a server's reply into an action chunk.
 * Throws PolicyUnavailableError naming the shape when it is not a non-empty chunk of `actionDims`-wide rows:
 * a server answering for another robot or model head is a setup fault, not the policy's skill.
 */
export function toActionChunk(values: ArrayLike<number>, shape: readonly number[], actionDims: number | undefined, source: string): ActionChunk {
  const expected = actionDims === undefined ? "[H, D] or [D]" : `[H, ${actionDims}] or [${actionDims}]`;
  const width = shape[shape.length - 1];
  const rows = shape.length === 2 ? shape[0] : 1;
  if ((shape.length !== 1 && shape.length !== 2) || rows === 0 || width === 0 || (actionDims !== undefined && width !== actionDims)) {
    throw new PolicyUnavailableError(`${source}: actions have shape [${shape.join(", ")}], expected ${expected}`);
  }
  const chunk: ActionChunk = [];
  for (let h = 0; h < rows; h++) chunk.push(Float32Array.from({ length: width }, (_, j) => values[h * width + j]));
  return chunk;
}
