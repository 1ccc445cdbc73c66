/** Request validation: every body and query is parsed with zod, and failures name the field. */
import { z } from "zod";
import { CHOICES } from "../db/tables";
import { ArenaError } from "../errors";

export const voteBody = z.object({
  assignment: z.string().min(1).max(512),
  choice: z.enum(CHOICES as [string, ...string[]]),
  reason: z.string().max(500).optional().nullable(),
});

export const importBody = z.object({ runDir: z.string().min(1).max(4096) });

export const exportQuery = z.object({ format: z.enum(["jsonl", "csv"]).default("jsonl") });

export const runsQuery = z.object({ policy: z.string().max(200).optional(), scene: z.string().max(200).optional() });

export const sessionBody = z.object({}).strict();

/** Parses `value` or throws a 400 ArenaError naming the first bad field and what was expected. */
export function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join(".") : where;
  throw new ArenaError(400, "bad-request", `${field}: ${issue.message}`);
}
