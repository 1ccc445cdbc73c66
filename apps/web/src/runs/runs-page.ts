/**
 * The run browser: every imported episode by policy and task. A table of outcomes per policy
 * and scene (each cell filters), then the matching episodes with their videos and replays.
 * The filter lives in the URL hash, so a view can be linked.
 */
import { fetchRuns, type RunEpisode } from "../api";
import { h, percent } from "../dom";

const PAGE = 24;

interface Filter {
  policy: string;
  scene: string;
  outcome: string;
}

/** Loads the episodes and renders the browser into `root`. */
export async function showRuns(root: HTMLElement): Promise<void> {
  let episodes: RunEpisode[];
  try {
    episodes = await fetchRuns();
  } catch (err) {
    root.replaceChildren(h("p", { class: "error", role: "status" }, `Cannot load the runs: ${(err as Error).message}`));
    return;
  }
  const render = () => renderRuns(root, episodes, readFilter());
  window.addEventListener("hashchange", render);
  render();
}

function readFilter(): Filter {
  const q = new URLSearchParams(location.hash.slice(1));
  return { policy: q.get("policy") ?? "", scene: q.get("scene") ?? "", outcome: q.get("outcome") ?? "" };
}

function filterHash(f: Partial<Filter>): string {
  const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]);
  return `#${q.toString()}`;
}

/** Groups episodes by policy and scene, counting successes among the completed ones. */
export function outcomeTable(episodes: RunEpisode[]): { policies: string[]; scenes: string[]; cell: (p: string, s: string) => { successes: number; episodes: number } } {
  const counts = new Map<string, { successes: number; episodes: number }>();
  for (const e of episodes) {
    if (e.status === "errored") continue;
    const key = `${e.policy}\u0000${e.scene}`;
    const c = counts.get(key) ?? { successes: 0, episodes: 0 };
    c.episodes++;
    if (e.success) c.successes++;
    counts.set(key, c);
  }
  const policies = [...new Set(episodes.map((e) => e.policy))].sort();
  const scenes = [...new Set(episodes.map((e) => e.scene))].sort();
  return { policies, scenes, cell: (p, s) => counts.get(`${p}\u0000${s}`) ?? { successes: 0, episodes: 0 } };
}

function renderRuns(root: HTMLElement, episodes: RunEpisode[], f: Filter): void {
  const t = outcomeTable(episodes);
  const matching = episodes.filter(
    (e) => (!f.policy || e.policy === f.policy) && (!f.scene || e.scene === f.scene) && (!f.outcome || (f.outcome === "success") === e.success),
  );
  const select = (name: keyof Filter, label: string, plural: string, values: string[]) => {
    const el = h("select", { "aria-label": label }, h("option", { value: "" }, `all ${plural}`), ...values.map((v) => h("option", { value: v, selected: v === f[name] }, v)));
    el.addEventListener("change", () => {
      location.hash = filterHash({ ...f, [name]: el.value });
    });
    return el;
  };
  const grid = h("div", { class: "episodes" });
  let shown = 0;
  const more = h("button", { type: "button", class: "more", onclick: () => showMore() }, "Show more");
  const showMore = () => {
    grid.append(...matching.slice(shown, shown + PAGE).map(card));
    shown = Math.min(shown + PAGE, matching.length);
    more.hidden = shown >= matching.length;
  };
  root.replaceChildren(
    h("h1", {}, "Runs"),
    h("div", { class: "table-wrap" }, outcomes(t, f)),
    h("div", { class: "filters" }, select("policy", "policy", "policies", t.policies), select("scene", "scene", "scenes", t.scenes), select("outcome", "outcome", "outcomes", ["success", "failure"]), h("span", { class: "count" }, `${matching.length} episodes`)),
    grid,
    more,
  );
  showMore();
}

function outcomes(t: ReturnType<typeof outcomeTable>, f: Filter): HTMLTableElement {
  return h(
    "table",
    { class: "outcomes" },
    h("thead", {}, h("tr", {}, h("th", {}, "policy \\ scene"), ...t.scenes.map((s) => h("th", { scope: "col" }, h("a", { href: filterHash({ ...f, scene: s }) }, s))))),
    h(
      "tbody",
      {},
      ...t.policies.map((p) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, h("a", { href: filterHash({ ...f, policy: p }) }, p)),
          ...t.scenes.map((s) => {
            const c = t.cell(p, s);
            return h("td", { class: "num" }, c.episodes ? h("a", { href: filterHash({ policy: p, scene: s }) }, `${percent(c.successes / c.episodes)} (${c.successes}/${c.episodes})`) : "–");
          }),
        ),
      ),
    ),
  );
}

function card(e: RunEpisode): HTMLElement {
  const outcome = e.status === "errored" ? "errored" : e.success ? "success" : "failure";
  const cameras = Object.entries(e.videos ?? { video: e.video });
  return h(
    "figure",
    { class: "episode", "data-outcome": outcome },
    h("div", { class: "cams" }, ...cameras.map(([cam, url]) => h("video", { src: url, controls: true, muted: true, loop: true, playsinline: true, preload: "auto", title: cam }))),
    h(
      "figcaption",
      {},
      h("strong", {}, e.policy),
      ` · ${e.scene} · seed ${e.seed} `,
      h("span", { class: outcome === "success" ? "ok" : "fail" }, outcome),
      e.replay ? h("a", { class: "replay-link", href: `replay.html#${new URLSearchParams({ src: e.replay, seed: String(e.seed) })}` }, "3D replay") : null,
    ),
  );
}
