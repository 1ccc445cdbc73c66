/** Exports every vote (excluded judges' too, flagged) as JSON lines or CSV. */
import type { Response } from "express";
import type { Arena } from "../arena";

export const EXPORT_COLUMNS = [
  "vote_id",
  "created_at",
  "judge",
  "scene",
  "seed",
  "left_policy",
  "right_policy",
  "left_success",
  "right_success",
  "choice",
  "reason",
  "gold",
  "judge_excluded",
  "exclusion",
] as const;

/** Streams the export of all votes to `res`. */
export async function exportVotes(arena: Arena, format: "jsonl" | "csv", res: Response): Promise<void> {
  const judges = arena.leaderboard().judges;
  const rows = await arena.db.query<Record<string, unknown>>(
    `SELECT v.id::float8 AS vote_id, v.created_at, v.judge_id AS judge, le.scene, le.seed, le.policy AS left_policy, re.policy AS right_policy,
            le.success AS left_success, re.success AS right_success, v.choice, v.reason, a.gold
     FROM votes v JOIN assignments a ON a.id = v.assignment_id
     JOIN episodes le ON le.id = a.left_episode JOIN episodes re ON re.id = a.right_episode
     ORDER BY v.id`,
  );
  const records = rows.map((r) => {
    const exclusion = judges.get(r.judge as string)?.excluded ?? null;
    return {
      ...r,
      vote_id: Number(r.vote_id),
      seed: Number(r.seed),
      created_at: new Date(r.created_at as string).toISOString(),
      judge_excluded: exclusion !== null,
      exclusion,
    } as Record<string, unknown>;
  });
  const stamp = new Date().toISOString().slice(0, 10);
  if (format === "jsonl") {
    res.setHeader("Content-Type", "application/x-ndjson; charset=utf-8");
    res.setHeader("Content-Disposition", `attachment; filename="arena-votes-${stamp}.jsonl"`);
    res.send(records.map((r) => JSON.stringify(Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, r[c] ?? null])))).join("\n") + (records.length ? "\n" : ""));
    return;
  }
  res.setHeader("Content-Type", "text/csv; charset=utf-8");
  res.setHeader("Content-Disposition", `attachment; filename="arena-votes-${stamp}.csv"`);
  const lines = [EXPORT_COLUMNS.join(","), ...records.map((r) => EXPORT_COLUMNS.map((c) => csvField(r[c])).join(","))];
  res.send(`${lines.join("\n")}\n`);
}

/** RFC 4180 quoting, plus a leading ' on text that a spreadsheet would run as a formula. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
