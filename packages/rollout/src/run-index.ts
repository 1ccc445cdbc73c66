import type { EpisodeRecord } from "@gauntlet/core";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { escapeHtml } from "./report/escape-html";


/** Writes `index.html` in a run folder: every episode with its outcome and its videos, playable in any browser. */
export async function writeRunIndex(dir: string, records: EpisodeRecord[]): Promise<string> {
  const rows = records.map((r) => {
    const videos = r.frames
      .filter((f) => f.video)
      .map((f) => `<figure><video src="episodes/${escapeHtml(r.id)}/${escapeHtml(f.video as string)}" muted loop autoplay playsinline controls width="192"></video><figcaption>${escapeHtml(f.camera)}</figcaption></figure>`)
      .join("");
    const outcome = `<span class="${r.status}">${r.status}</span>`;
    return `<tr><td>${escapeHtml(r.sceneId)}</td><td>${escapeHtml(r.policy)}</td><td>${r.seed}</td><td>${outcome}</td><td>${r.steps}</td><td class="v">${videos}</td></tr>`;
  });
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gauntlet run</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse}td,th{padding:.35rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:middle}
.v{display:flex;gap:.5rem}figure{margin:0}figcaption{font-size:11px;color:#666;text-align:center}video{image-rendering:pixelated;background:#000}
.success{color:#137333;font-weight:600}.failure{color:#a50e0e}.errored{color:#b06000}
</style></head><body>
<h1>Gauntlet run</h1><p>${records.length} episodes. Videos are H.264 MP4 and loop.</p>
<table><thead><tr><th>scene</th><th>policy</th><th>seed</th><th>outcome</th><th>steps</th><th>videos</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table></body></html>
`;
  const path = join(dir, "index.html");
  await writeFile(path, html);
  return path;
}
