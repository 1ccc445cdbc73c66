/**
 * The judging page: one blind pair at a time, two synchronised videos under the instruction,
 * a vote by button or key, then the reveal and the next pair. Until the vote is answered the
 * page holds nothing that names a policy: the server sends none, and none is rendered.
 */
import { ApiError, type Choice, JudgeClient, NoPairError, type Pair, type Reveal } from "../api";
import { h } from "../dom";
import { nextSpeed, playerControls } from "./player-controls";
import { actionForKey, VOTE_KEYS } from "./shortcuts";
import { SyncedVideos } from "./synced-videos";

type Phase = "idle" | "judging" | "voting" | "revealed";

export class ComparePage {
  private phase: Phase = "idle";
  private pair: Pair | null = null;
  private player: SyncedVideos | null = null;
  private reason: HTMLInputElement | null = null;
  private judged = 0;
  /** The cameras both rollouts were filmed with, when there is more than one to switch between. */
  private cameras: { names: string[]; current: number; buttons: HTMLButtonElement[] } | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly client = new JudgeClient(),
  ) {
    document.addEventListener("keydown", (e) => this.onKey(e));
  }

  /** Loads and shows the next blind pair (or why there is none). */
  async next(): Promise<void> {
    this.phase = "idle";
    this.player?.dispose();
    this.player = null;
    this.pair = null;
    this.cameras = null;
    this.root.dataset.phase = "loading";
    this.status("Loading the next pair…");
    try {
      this.pair = await this.client.nextPair();
    } catch (err) {
      const retry = h("button", { type: "button", class: "next", onclick: () => void this.next() }, "Try again");
      this.root.replaceChildren(h("p", { class: err instanceof NoPairError ? "notice" : "error", role: "status" }, (err as Error).message), h("div", { class: "reveal" }, retry));
      this.root.dataset.phase = err instanceof NoPairError ? "done" : "error";
      return;
    }
    this.renderPair(this.pair);
    this.phase = "judging";
    this.root.dataset.phase = "judging";
  }

  private renderPair(pair: Pair): void {
    const videos = [pair.left, pair.right].map((side, i) =>
      h("video", { src: side.video, muted: true, playsinline: true, preload: "auto", "aria-label": i === 0 ? "Left rollout" : "Right rollout" }),
    );
    const player = new SyncedVideos(videos);
    this.player = player;
    const sides = ["Left", "Right"].map((name, i) =>
      h("figure", { class: "side", "data-side": name.toLowerCase() }, h("figcaption", {}, h("kbd", {}, VOTE_KEYS[i].key), ` ${name}`), videos[i], h("div", { class: "verdict", "aria-live": "polite" })),
    );
    this.reason = h("input", { type: "text", class: "reason", maxlength: 500, placeholder: "Why? (optional · R to type, Enter or Esc to leave)", "aria-label": "Reason (optional)" });
    this.reason.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        this.reason?.blur();
      }
    });
    const buttons = VOTE_KEYS.map(({ choice, key, label }) =>
      h("button", { type: "button", class: `vote vote-${choice}`, "data-choice": choice, onclick: () => void this.vote(choice) }, h("kbd", {}, key), ` ${label}`),
    );
    this.root.replaceChildren(
      h("p", { class: "instruction" }, h("span", { class: "label" }, "Task"), pair.instruction),
      h("div", { class: "stage" }, ...sides),
      playerControls(player),
      this.cameraPicker(pair),
      h("div", { class: "votes", role: "group", "aria-label": "Your judgment" }, ...buttons),
      this.reason,
      h("p", { class: "keys" }, "Space play/pause · ←/→ one frame · −/+ speed · C camera · R reason · N next"),
      h("p", { class: "status", role: "status" }, this.judged ? `${this.judged} judged so far. Which rollout does the task better?` : "Which rollout does the task better? Watch both, then vote."),
      h("div", { class: "reveal", hidden: true }),
    );
    let loaded = 0;
    for (const v of videos) {
      v.addEventListener("loadedmetadata", () => ++loaded === videos.length && player.play(), { once: true });
      v.addEventListener("error", () => this.status("A video could not be loaded; you can still vote on what you saw, or reload for another pair.", true), { once: true });
    }
  }

  /** Buttons to watch both rollouts from another camera (C cycles); hidden when there is only one. */
  private cameraPicker(pair: Pair): HTMLElement {
    const cameras = Object.keys(pair.left.videos ?? {}).filter((c) => pair.right.videos?.[c]);
    if (cameras.length < 2) return h("div", { class: "cameras", hidden: true });
    const buttons = cameras.map((camera, i) =>
      h("button", { type: "button", class: "camera", "aria-pressed": String(i === 0), "data-camera": camera, onclick: () => void this.showCamera(camera) }, camera),
    );
    this.cameras = { names: cameras, current: 0, buttons };
    return h("div", { class: "cameras", role: "group", "aria-label": "Camera" }, h("span", { class: "label" }, "View ", h("kbd", {}, "C")), ...buttons);
  }

  private async showCamera(camera: string): Promise<void> {
    const { cameras: c, pair, player } = this;
    if (!c || !pair || !player || c.names[c.current] === camera) return;
    c.current = c.names.indexOf(camera);
    c.buttons.forEach((b, i) => {
      b.setAttribute("aria-pressed", String(i === c.current));
    });
    await player.setSources([pair.left, pair.right].map((side) => side.videos?.[camera] ?? side.video));
  }

  /** Sends the vote once, then reveals who was who. */
  async vote(choice: Choice): Promise<void> {
    if (this.phase !== "judging" || !this.pair) return;
    this.phase = "voting";
    for (const b of Array.from(this.root.querySelectorAll<HTMLButtonElement>("button.vote"))) {
      b.disabled = true;
      b.classList.toggle("chosen", b.dataset.choice === choice);
    }
    this.status("Sending your vote…");
    try {
      const reveal = await this.client.vote(this.pair.assignment, choice, this.reason?.value.trim() || undefined);
      this.judged++;
      this.showReveal(reveal, choice);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 410 || err.reason === "bad-assignment")) {
        // This pair can no longer be voted on (expired, or its assignment was refused): move on to a fresh one.
        this.status("This pair can no longer be voted on; loading a new one…", true);
        await this.next();
        return;
      }
      this.phase = "judging";
      for (const b of Array.from(this.root.querySelectorAll<HTMLButtonElement>("button.vote"))) b.disabled = false;
      this.status(`Your vote was not recorded: ${(err as Error).message}`, true);
    }
  }

  private showReveal(reveal: Reveal, choice: Choice): void {
    this.phase = "revealed";
    this.root.dataset.phase = "revealed";
    if (this.reason) this.reason.disabled = true;
    const sides = { left: reveal.left, right: reveal.right };
    for (const [name, side] of Object.entries(sides)) {
      const box = this.root.querySelector<HTMLElement>(`.side[data-side="${name}"] .verdict`);
      box?.replaceChildren(h("span", { class: "policy" }, side.policy), h("span", { class: side.success ? "ok" : "fail" }, side.success ? "✓ success" : "✗ failure"));
      const replay = this.pair?.[name as "left" | "right"].replay;
      const seed = String(reveal.seed);
      if (replay && box) box.append(h("a", { class: "replay-link", href: `replay.html#${new URLSearchParams({ src: replay, seed })}`, target: "_blank", rel: "noopener" }, "3D replay"));
    }
    const chosen = VOTE_KEYS.find((v) => v.choice === choice)?.label.toLowerCase() ?? choice;
    this.status(`Recorded: ${chosen}. ${this.judged} judged so far.`);
    const panel = this.root.querySelector<HTMLElement>(".reveal");
    const next = h("button", { type: "button", class: "next", onclick: () => void this.next() }, "Next pair ", h("kbd", {}, "N"), " / ", h("kbd", {}, "Enter"));
    panel?.replaceChildren(next);
    if (panel) panel.hidden = false;
    next.focus();
  }

  private onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement | null;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT") && target.getAttribute("type") !== "range") return;
    const phase = this.phase === "judging" || this.phase === "revealed" ? this.phase : "idle";
    const action = actionForKey(e.key, phase, { ctrl: e.ctrlKey, meta: e.metaKey, alt: e.altKey });
    if (!action) return;
    e.preventDefault();
    const player = this.player;
    if (action.kind === "vote") void this.vote(action.choice);
    else if (action.kind === "next") void this.next();
    else if (action.kind === "focus-reason") this.reason?.focus();
    else if (action.kind === "toggle-play") player?.toggle();
    else if (action.kind === "step") player?.step(action.frames);
    else if (action.kind === "speed" && player) player.setSpeed(nextSpeed(player.speed, action.delta));
    else if (action.kind === "camera" && this.cameras) void this.showCamera(this.cameras.names[(this.cameras.current + 1) % this.cameras.names.length]);
  }

  private status(text: string, isError = false): void {
    const line = this.root.querySelector<HTMLElement>(".status");
    if (line) {
      line.textContent = text;
      line.classList.toggle("error", isError);
    } else this.root.replaceChildren(h("p", { class: "status", role: "status" }, text));
  }
}
