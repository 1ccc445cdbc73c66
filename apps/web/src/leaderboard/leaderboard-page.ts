/**
 * The leaderboard page: human Bradley-Terry ratings with intervals and approximate ranks,
 * beside the automatic success rates, the agreement between the two, and interval plots.
 */
import { fetchLeaderboard, type Interval, type Leaderboard, type LeaderboardRow } from "../api";
import { h, percent } from "../dom";
import { intervalPlot } from "./interval-plot";

const REFRESH_MS = 5000;

/** Renders the leaderboard into `root` and refreshes it every few seconds. */
export async function showLeaderboard(root: HTMLElement): Promise<void> {
  const refresh = async () => {
    try {
      render(root, await fetchLeaderboard());
    } catch (err) {
      root.replaceChildren(h("p", { class: "error", role: "status" }, `Cannot load the leaderboard: ${(err as Error).message}`));
    }
  };
  await refresh();
  setInterval(() => {
    if (document.visibilityState === "visible") void refresh();
  }, REFRESH_MS);
}

function render(root: HTMLElement, board: Leaderboard): void {
  root.dataset.votes = String(board.votes.counted);
  // Drawn at the page's width, so the labels stay legible on a phone instead of shrinking.
  const width = Math.max(340, Math.min(720, root.clientWidth || 640));
  const level = percent(board.level);
  const human = board.rows.flatMap((r) => (r.human ? [{ label: r.policy, value: r.human.theta, low: r.human.low, high: r.human.high }] : []));
  const auto = board.rows.flatMap((r) => (r.auto ? [{ label: r.policy, value: r.auto.rate, low: r.auto.low, high: r.auto.high }] : []));
  root.replaceChildren(
    h("h1", {}, "Leaderboard"),
    h(
      "p",
      { class: "summary" },
      `${board.votes.counted} of ${board.votes.total} votes counted`,
      board.votes.excludedJudges ? ` · ${board.votes.excludedJudges} judges excluded (gold pairs or outlier test)` : "",
      ` · ${board.votes.gold} gold · updated ${new Date(board.updatedAt).toLocaleTimeString()}`,
    ),
    agreement(board),
    h("div", { class: "table-wrap" }, table(board.rows, level)),
    h("h2", {}, `Human rating (Bradley-Terry with ties, ${level} intervals)`),
    human.length
      ? intervalPlot(human, { width, title: `Bradley-Terry rating with ${level} intervals`, axis: "rating θ (log-strength, Σθ = 0)" })
      : h("p", { class: "notice" }, "No counted votes yet: judge a few pairs on the Judge page."),
    h("h2", {}, `Success rate (${level} Wilson intervals)`),
    auto.length ? intervalPlot(auto, { width, title: `Success rate with ${level} Wilson intervals`, axis: "success rate", domain: [0, 1] }) : h("p", { class: "notice" }, "No episodes imported."),
  );
}

function agreement(board: Leaderboard): HTMLElement {
  const a = board.agreement;
  if (!a) return h("p", { class: "agreement" }, "Agreement with the success-rate ranking: needs votes on at least 3 policies.");
  const fmt = (i: Interval, digits: number) => `${i.value.toFixed(digits)} [${i.low.toFixed(digits)}, ${i.high.toFixed(digits)}]`;
  return h(
    "p",
    { class: "agreement" },
    `Agreement of human and success-rate rankings over ${a.policies} policies: Spearman ρ `,
    h("strong", {}, fmt(a.spearman, 2)),
    " · MMRV ",
    h("strong", {}, fmt(a.mmrv, 3)),
  );
}

function table(rows: LeaderboardRow[], level: string): HTMLTableElement {
  const head = ["Rank", "Policy", "Rating θ", `${level} CI`, "Votes", "W / L / T", "Score", "Success", `${level} CI`, "Success rank"];
  return h(
    "table",
    { class: "leaderboard" },
    h("thead", {}, h("tr", {}, ...head.map((c) => h("th", { scope: "col" }, c)))),
    h(
      "tbody",
      {},
      ...rows.map((r) => {
        const m = r.human;
        const a = r.auto;
        return h(
          "tr",
          { "data-policy": r.policy },
          h("td", { class: "num" }, m ? m.rank : "–"),
          h("th", { scope: "row" }, r.policy),
          h("td", { class: "num" }, m ? m.theta.toFixed(2) : "–"),
          h("td", { class: "num" }, m ? `${m.low.toFixed(2)} – ${m.high.toFixed(2)}` : "–"),
          h("td", { class: "num" }, m ? m.votes : 0),
          h("td", { class: "num" }, m ? `${m.wins} / ${m.losses} / ${m.ties}` : "–"),
          h("td", { class: "num" }, m ? percent(m.score) : "–"),
          h("td", { class: "num" }, a ? `${percent(a.rate)} (${a.successes}/${a.episodes})` : "–"),
          h("td", { class: "num" }, a ? `${percent(a.low)} – ${percent(a.high)}` : "–"),
          h("td", { class: "num" }, a ? a.rank : "–"),
        );
      }),
    ),
  );
}
