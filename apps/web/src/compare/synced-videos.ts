/**
 * Plays several videos as one: a shared clock drives play, pause, seek and speed, and each
 * video follows it. Episodes end at different times (a success terminates early), so the shared
 * timeline is as long as the longest video and a shorter one holds its last frame.
 */

/** How far (seconds) a playing video may drift from the shared clock before it is re-seeked. */
const DRIFT_TOLERANCE_S = 0.08;

/** The time a video should show at shared time t: t, held at its last frame once it has ended. */
export function videoTimeAt(t: number, duration: number, frameS: number): number {
  if (!(duration > 0)) return 0;
  return Math.min(Math.max(t, 0), Math.max(duration - frameS / 2, 0));
}

export class SyncedVideos {
  private clock = 0;
  private startedAt = 0;
  private clockAtStart = 0;
  private playing = false;
  private rate = 1;
  private raf = 0;
  private readonly listeners = new Set<() => void>();

  /** @param frameS one frame's duration, for holding the last frame and stepping. */
  constructor(
    readonly videos: HTMLVideoElement[],
    readonly frameS = 0.1,
  ) {
    for (const v of videos) {
      v.muted = true;
      v.playsInline = true;
      v.preload = "auto";
      v.addEventListener("loadedmetadata", () => this.emit());
    }
  }

  /** Length of the shared timeline: the longest video's duration (0 until metadata is known). */
  get duration(): number {
    return Math.max(0, ...this.videos.map((v) => (Number.isFinite(v.duration) ? v.duration : 0)));
  }

  /** The shared clock, seconds. */
  get time(): number {
    return this.playing ? Math.min(this.clockAtStart + ((performance.now() - this.startedAt) / 1000) * this.rate, this.duration) : this.clock;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  get speed(): number {
    return this.rate;
  }

  /** Calls `fn` whenever time, play state or speed change. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Starts all videos from the shared clock (from the start if it is at the end). */
  play(): void {
    if (this.playing) return;
    if (this.clock >= this.duration - 1e-3) this.clock = 0;
    this.clockAtStart = this.clock;
    this.startedAt = performance.now();
    this.playing = true;
    this.follow(true);
    this.tick();
  }

  /** Stops all videos where the shared clock is. */
  pause(): void {
    if (!this.playing) return;
    this.clock = this.time;
    this.playing = false;
    cancelAnimationFrame(this.raf);
    for (const v of this.videos) v.pause();
    this.follow(true);
    this.emit();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Moves every video to shared time t (clamped to the timeline). */
  seek(t: number): void {
    const clamped = Math.min(Math.max(t, 0), this.duration);
    this.clock = clamped;
    this.clockAtStart = clamped;
    this.startedAt = performance.now();
    this.follow(true);
    this.emit();
  }

  /** Steps by whole frames, pausing first. */
  step(frames: number): void {
    this.pause();
    this.seek(Math.round(this.clock / this.frameS) * this.frameS + frames * this.frameS);
  }

  /** Sets the playback speed of every video (0.25 to 2). */
  setSpeed(rate: number): void {
    if (!(rate >= 0.25 && rate <= 2)) throw new Error(`speed: expected 0.25 to 2, got ${rate}`);
    const now = this.time;
    this.rate = rate;
    this.clock = now;
    this.clockAtStart = now;
    this.startedAt = performance.now();
    for (const v of this.videos) v.playbackRate = rate;
    this.emit();
  }

  /** Swaps every video's source (another camera, say), keeping the shared clock and play state. */
  async setSources(srcs: string[]): Promise<void> {
    if (srcs.length !== this.videos.length) throw new Error(`setSources: expected ${this.videos.length} sources, got ${srcs.length}`);
    const resume = this.playing;
    this.pause();
    const loaded = this.videos.map(
      (v, i) =>
        new Promise<void>((resolve) => {
          v.addEventListener("loadedmetadata", () => resolve(), { once: true });
          v.addEventListener("error", () => resolve(), { once: true });
          v.src = srcs[i];
        }),
    );
    await Promise.all(loaded);
    this.follow(true);
    if (resume) this.play();
    this.emit();
  }

  /** Stops the clock and forgets the listeners; the videos are left to the caller. */
  dispose(): void {
    this.playing = false;
    cancelAnimationFrame(this.raf);
    this.listeners.clear();
  }

  private tick = (): void => {
    if (!this.playing) return;
    if (this.time >= this.duration) {
      this.clock = this.duration;
      this.playing = false;
      for (const v of this.videos) v.pause();
      this.follow(true);
    } else {
      this.follow(false);
      this.raf = requestAnimationFrame(this.tick);
    }
    this.emit();
  };

  /** Brings each video to the clock: exactly when forced (seek, pause), else only past the drift tolerance. */
  private follow(force: boolean): void {
    const t = this.time;
    for (const v of this.videos) {
      const target = videoTimeAt(t, v.duration, this.frameS);
      const ended = t >= v.duration - this.frameS / 2;
      if (force || Math.abs(v.currentTime - target) > DRIFT_TOLERANCE_S) v.currentTime = target;
      if (this.playing && !ended && v.paused) v.play().catch(() => {});
      if ((!this.playing || ended) && !v.paused) v.pause();
    }
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}
