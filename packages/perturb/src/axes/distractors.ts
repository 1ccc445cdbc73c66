/**
 * distractors: adds loose objects on free parts of the table (clear of every object's
 * randomisation envelope), 1, 2 and 4 of them; at level 3 half of them wear the colour of a task
 * object, to confuse policies that find objects by colour.
 */
import type { Rng, Scene, SceneObject } from "@gauntlet/core";
import { defineAxis, pick } from "../axis";
import { randomColour } from "../colour";
import { contains, coverEnvelope, grow, overlaps, tableRect, taskObjectIds } from "../footprint";

const TRIES = 60;
const GAP = 0.01;
/** Nearer the robot base than this, distractors would sit under the arm's home pose. */
const MIN_X = 0.12;

export const distractorsAxis = defineAxis<{ count: number; confusers: boolean } | null>({
  name: "distractors",
  description: "extra objects on the table",
  levels: [
    ["nominal", null],
    ["1 distractor", { count: 1, confusers: false }],
    ["2 distractors", { count: 2, confusers: false }],
    ["4 distractors, half in task colours", { count: 4, confusers: true }],
  ],
  touches: [/^\.objects\[\d+\]$/],
  perturb(scene, rng, m) {
    if (!m) return;
    const taskColours = taskObjectIds(scene).map((id) => (scene.objects.find((o) => o.id === id) as SceneObject).color);
    for (let k = 0; k < m.count; k++) {
      const colour = m.confusers && k % 2 === 1 && taskColours.length ? pick(rng, taskColours) : randomColour(rng);
      scene.objects.push(place(scene, makeDistractor(rng, freeId(scene, k), colour), rng));
    }
  },
});

function makeDistractor(rng: Rng, id: string, color: string): SceneObject {
  const common = { id, color, mass: 0.05, friction: 1, restitution: 0, body: "dynamic" as const, pose: { position: [0, 0, 0] as [number, number, number] } };
  const kind = pick(rng, ["box", "cylinder", "sphere"] as const);
  if (kind === "box") {
    const s = rng.uniform(0.025, 0.05);
    return { type: "box", size: [s, s * rng.uniform(0.8, 1.25), rng.uniform(0.025, 0.06)], ...common };
  }
  if (kind === "cylinder") return { type: "cylinder", size: [rng.uniform(0.015, 0.03), rng.uniform(0.02, 0.07)], ...common };
  return { type: "sphere", size: [rng.uniform(0.015, 0.025)], ...common };
}

/** Rests the object on the table at a random free spot; the last try stands if none is free (validity then rejects it). */
function place(scene: Scene, obj: SceneObject, rng: Rng): SceneObject {
  const table = tableRect(scene);
  const taken = scene.objects.map((o) => grow(coverEnvelope(scene, o), GAP));
  const halfHeight = obj.type === "box" ? obj.size[2] / 2 : obj.type === "cylinder" ? obj.size[1] / 2 : obj.size[0];
  for (let t = 0; t < TRIES; t++) {
    obj.pose.position = [rng.uniform(Math.max(MIN_X, table.x[0]), table.x[1]), rng.uniform(table.y[0], table.y[1]), scene.table.height + halfHeight];
    const cover = coverEnvelope(scene, obj);
    if (contains(table, cover) && !taken.some((r) => overlaps(r, cover))) break;
  }
  return obj;
}

function freeId(scene: Scene, k: number): string {
  let id = `distractor-${k + 1}`;
  while (scene.objects.some((o) => o.id === id)) id += "x";
  return id;
}
