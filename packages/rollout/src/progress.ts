/**
 * A terminal progress bar with throughput and estimated time left. On a TTY it redraws one
 * line; elsewhere (CI logs) it prints a line at most every few seconds.
 */
export interface Progress {
  tick(n?: number): void;
  done(): void;
}

/** Starts a progress bar for `total` units of `unit` (e.g. "episodes"). */
export function startProgress(label: string, total: number, unit: string, out: NodeJS.WriteStream = process.stderr): Progress {
  const started = performance.now();
  let count = 0;
  let lastPrint = 0;
  const tty = Boolean(out.isTTY);
  const render = (final: boolean) => {
    const now = performance.now();
    if (!final && now - lastPrint < (tty ? 100 : 5000)) return;
    lastPrint = now;
    const seconds = (now - started) / 1000;
    const rate = count / Math.max(seconds, 1e-9);
    const eta = rate > 0 ? (total - count) / rate : Number.NaN;
    const width = 24;
    const filled = Math.round((width * count) / Math.max(total, 1));
    const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
    const line = `${label} ${bar} ${count}/${total} ${unit} | ${rate.toFixed(2)} ${unit}/s | ${final ? `took ${formatSeconds(seconds)}` : `ETA ${formatSeconds(eta)}`}`;
    out.write(tty ? `\r${line}${final ? "\n" : ""}` : `${line}\n`);
  };
  return {
    tick(n = 1) {
      count += n;
      render(false);
    },
    done() {
      render(true);
    },
  };
}

/** 75 -> "1m15s". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "--";
  if (s < 60) return `${s.toFixed(0)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
}
