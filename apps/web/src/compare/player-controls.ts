/** The shared transport bar of a SyncedVideos: play/pause, a scrubber, the time and the speed. */
import { h } from "../dom";
import { SPEEDS } from "./shortcuts";
import type { SyncedVideos } from "./synced-videos";

/** Builds the control bar and keeps it in step with the player. */
export function playerControls(player: SyncedVideos): HTMLElement {
  const play = h("button", { type: "button", class: "play", "aria-label": "Play or pause (Space)", title: "Play / pause (Space)", onclick: () => player.toggle() });
  const scrub = h("input", { type: "range", class: "scrub", min: 0, max: 0, step: 0.01, value: 0, "aria-label": "Position in both videos" });
  scrub.addEventListener("input", () => player.seek(Number(scrub.value)));
  const clock = h("span", { class: "clock" });
  const speed = h("select", { class: "speed", "aria-label": "Playback speed", title: "Speed (- / +)" }, ...SPEEDS.map((r) => h("option", { value: r, selected: r === 1 }, `${r}×`)));
  speed.addEventListener("change", () => player.setSpeed(Number(speed.value)));
  const render = () => {
    play.textContent = player.isPlaying ? "❚❚" : "▶";
    scrub.max = String(player.duration);
    scrub.value = String(player.time);
    clock.textContent = `${player.time.toFixed(1)} / ${player.duration.toFixed(1)} s`;
    speed.value = String(player.speed);
  };
  player.onChange(render);
  render();
  return h("div", { class: "transport" }, play, scrub, clock, speed);
}

/** The next speed up or down the list from the current one. */
export function nextSpeed(current: number, delta: number): number {
  const i = SPEEDS.indexOf(current);
  return SPEEDS[Math.min(Math.max((i < 0 ? SPEEDS.indexOf(1) : i) + delta, 0), SPEEDS.length - 1)];
}
