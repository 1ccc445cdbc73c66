/**
 * The 3D replay page: `replay.html#src=/api/replay/<id>&seed=<n>`. It fetches the episode
 * (states, actions, verdicts), re-simulates it in the page from the scene and seed, checks the
 * re-run against the recorded states, and plays it back under an orbit camera.
 */
import { parseScene, type Scene } from "@gauntlet/core";
import { getJson, type Replay } from "../api";
import { h } from "../dom";
import { preloadRobot } from "./node-shims";
import { ReplayView, toolPathInWorld } from "./replay-view";
import { compareToRecord, REPLAY_TOLERANCE_M, type Resimulation, resimulate } from "./resimulate";
import { loadRobotDescription, type RobotDescription } from "./sim-browser";

/** The scene files bundled with the web build (scenes/<id>.json), by id; null when there is none. */
async function bundledScene(id: string): Promise<Scene | null> {
  if (!/^[\w-]+$/.test(id)) return null;
  const json = await import(`../../../../scenes/${id}.json`).catch(() => null);
  if (!json) return null;
  const scene = parseScene(json.default ?? json, `scenes/${id}.json`);
  return scene.id === id ? scene : null;
}

/** Loads, re-simulates and shows the episode named in the URL hash. */
export async function showReplay(root: HTMLElement): Promise<void> {
  const q = new URLSearchParams(location.hash.slice(1));
  const src = q.get("src") ?? "";
  const seedParam = q.get("seed");
  const fail = (text: string) => {
    root.dataset.state = "error";
    root.replaceChildren(h("h1", {}, "3D replay"), h("p", { class: "error", role: "status" }, text));
  };
  if (!/^\/api\/[\w/.-]+$/.test(src)) return fail("This page needs an episode: replay.html#src=/api/replay/<id>&seed=<n> (the Runs page links to it).");
  const replay = await getJson<Replay>(src).catch((err: Error) => err);
  if (replay instanceof Error) return fail(`Cannot load the episode: ${replay.message}`);
  const seed = replay.seed ?? (seedParam !== null && /^\d+$/.test(seedParam) ? Number(seedParam) : null);
  if (seed === null) return fail(`seed: expected a whole number in the address (…&seed=3), got ${JSON.stringify(seedParam)}`);
  let scene: Scene | null;
  try {
    scene = replay.sceneSpec ? parseScene(replay.sceneSpec, `scene of ${src}`) : await bundledScene(replay.scene);
  } catch (err) {
    return fail((err as Error).message);
  }
  if (!scene) return fail(`Scene "${replay.scene}" is not bundled with the web build (scenes/*.json) and the server did not send it, so it cannot be re-simulated here.`);
  const started = performance.now();
  let robot: RobotDescription;
  let rerun: Resimulation;
  try {
    await preloadRobot(scene.robot.description);
    robot = loadRobotDescription(scene.robot.description);
    rerun = await resimulate(scene, seed, replay.actions);
  } catch (err) {
    return fail(`Cannot re-simulate the episode: ${(err as Error).message}`);
  }
  const agreement = compareToRecord(replay, rerun);
  root.dataset.state = "ready";
  root.dataset.resimMs = String(Math.round(performance.now() - started));
  root.dataset.maxToolError = String(agreement.maxToolError);
  root.dataset.divergedAt = String(agreement.divergedAt ?? "");
  render(root, scene, replay, rerun, agreement.divergedAt === null ? `follows the record: the largest tool deviation is ${(agreement.maxToolError * 1000).toFixed(2)} mm` : `leaves the record at step ${agreement.divergedAt} (more than ${REPLAY_TOLERANCE_M * 1000} mm); the orange line is the recorded tool path`, robot);
}

function render(root: HTMLElement, scene: Scene, replay: Replay, rerun: Resimulation, verdict: string, robot: RobotDescription): void {
  const last = rerun.poses.length - 1;
  const host = h("div", { class: "viewport" });
  const slider = h("input", { type: "range", class: "scrub", min: 0, max: last, step: 1, value: 0, "aria-label": "Step" });
  const label = h("span", { class: "clock" });
  const play = h("button", { type: "button", class: "play", title: "Play / pause (Space)" }, "▶");
  const outcome = h("span", {});
  root.replaceChildren(
    h("h1", {}, "3D replay"),
    h("p", { class: "instruction" }, h("span", { class: "label" }, "Task"), replay.instruction),
    host,
    h("div", { class: "transport" }, play, slider, label, outcome),
    h("p", { class: "legend" }, `Re-simulated in your browser from the scene "${scene.id}", the seed and the ${replay.actions.length} recorded actions; it ${verdict}. Drag to orbit, scroll to zoom.`),
  );
  const view = new ReplayView(host, scene, robot, toolPathInWorld(scene, replay.states));
  let t = 0;
  let timer = 0;
  const show = (step: number) => {
    t = Math.max(0, Math.min(step, last));
    view.show(rerun.poses[t], t);
    slider.value = String(t);
    label.textContent = `step ${t} / ${last}`;
    const ok = replay.successes[t];
    outcome.textContent = ok ? "✓ success" : "";
    outcome.className = ok ? "ok" : "";
    root.dataset.step = String(t);
  };
  const stop = () => {
    clearInterval(timer);
    timer = 0;
    play.textContent = "▶";
  };
  const start = () => {
    if (t >= last) show(0);
    play.textContent = "❚❚";
    timer = window.setInterval(() => (t >= last ? stop() : show(t + 1)), 1000 / scene.physics.controlHz);
  };
  play.addEventListener("click", () => (timer ? stop() : start()));
  slider.addEventListener("input", () => {
    stop();
    show(Number(slider.value));
  });
  document.addEventListener("keydown", (e) => {
    const delta = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (e.key !== " " && delta === 0) return;
    e.preventDefault();
    if (delta === 0 && !timer) return start();
    stop();
    if (delta) show(t + delta);
  });
  show(0);
  start();
}
