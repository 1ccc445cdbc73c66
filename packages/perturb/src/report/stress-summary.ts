/**
 * The numbers of a stress run: success against severity per axis and policy with Wilson
 * intervals, a robustness score per policy (area under the success curve relative to nominal),
 * and ranking stability (Kendall τ-b between the nominal ranking and each perturbed one).
 * Level 0 of every axis is the run's nominal episodes. Nothing depends on timing or workers.
 */
import type { EpisodeRecord } from "@gauntlet/core";
import { kendallTauB, wilsonInterval } from "@gauntlet/ranking";
import type { PerturbationAxis } from "../axis";
import type { Rejection } from "../stress/plan-stress";

export interface CurvePoint {
  level: number;
  successes: number;
  episodes: number;
  rate: number;
  low: number;
  high: number;
}

export interface StressSummary {
  name: string;
  episodes: { total: number; completed: number; errored: number };
  /** Policies, best nominal success rate first. */
  policies: string[];
  axes: { name: string; description: string; levels: string[] }[];
  levels: number[];
  /** One curve per axis and policy; points for the run's levels, level 0 from the nominal episodes. */
  curves: { axis: string; policy: string; points: CurvePoint[] }[];
  /**
   * Per policy: the area under each axis's success curve over the run's levels divided by the
   * area of a flat curve at the nominal rate (1 = unaffected, 0 = fails at any perturbation),
   * and their mean over axes; null where the nominal rate is 0.
   */
  robustness: { policy: string; nominal: number; score: number | null; byAxis: Record<string, number | null> }[];
  /** Kendall τ-b between policies' nominal and perturbed success rates; null when undefined (fewer than 2 policies, or a constant ranking). */
  stability: { axis: string; level: number; tau: number | null; ranking: string[] }[];
  rejected: Rejection[];
  errored: { id: string; error: string }[];
}

/** Summarises a stress run's records. */
export function summarizeStress(name: string, records: EpisodeRecord[], axes: PerturbationAxis[], levels: number[], rejected: Rejection[]): StressSummary {
  const done = records.filter((r) => r.status !== "errored");
  const point = (rs: EpisodeRecord[], level: number): CurvePoint => {
    const successes = rs.filter((r) => r.success).length;
    const { low, high } = wilsonInterval(successes, rs.length);
    return { level, successes, episodes: rs.length, rate: rs.length ? successes / rs.length : Number.NaN, low, high };
  };
  const at = (policy: string, axis: string, level: number) =>
    done.filter((r) => r.policy === policy && (level === 0 ? !r.perturbation : r.perturbation?.axis === axis && r.perturbation.level === level));
  const nominalRate = (policy: string) => point(at(policy, "", 0), 0).rate;
  const policies = [...new Set(records.map((r) => r.policy))].sort((a, b) => (nominalRate(b) || 0) - (nominalRate(a) || 0) || a.localeCompare(b));
  const curves = axes.flatMap((axis) => policies.map((policy) => ({ axis: axis.name, policy, points: levels.map((l) => point(at(policy, axis.name, l), l)) })));

  const robustness = policies.map((policy) => {
    const nominal = nominalRate(policy);
    const byAxis: Record<string, number | null> = {};
    for (const axis of axes) {
      const pts = (curves.find((c) => c.axis === axis.name && c.policy === policy) as StressSummary["curves"][number]).points;
      byAxis[axis.name] = relativeArea(pts, nominal);
    }
    const scores = Object.values(byAxis).filter((v): v is number => v !== null);
    return { policy, nominal, score: scores.length ? mean(scores) : null, byAxis };
  });

  const nominalRates = policies.map((p) => nominalRate(p));
  const stability = axes.flatMap((axis) =>
    levels
      .filter((l) => l > 0)
      .map((level) => {
        const rates = policies.map((p) => point(at(p, axis.name, level), level).rate);
        const ok = rates.every(Number.isFinite) && nominalRates.every(Number.isFinite);
        const tau = ok ? kendallTauB(nominalRates, rates) : Number.NaN;
        const ranking = policies.map((p, i) => ({ p, r: rates[i] })).sort((a, b) => b.r - a.r || a.p.localeCompare(b.p)).map((x) => x.p);
        return { axis: axis.name, level, tau: Number.isFinite(tau) ? tau : null, ranking };
      }),
  );

  const errored = records.filter((r) => r.status === "errored");
  return {
    name,
    episodes: { total: records.length, completed: done.length, errored: errored.length },
    policies,
    axes: axes.map((a) => ({ name: a.name, description: a.description, levels: a.levels })),
    levels,
    curves,
    robustness,
    stability,
    rejected,
    errored: errored.map((r) => ({ id: r.id, error: r.error ?? "unknown" })),
  };
}

/** Trapezoidal area under the curve over its level span, over the area of a flat curve at `nominal`. */
export function relativeArea(points: Pick<CurvePoint, "level" | "rate">[], nominal: number): number | null {
  const pts = points.filter((p) => Number.isFinite(p.rate));
  if (!(nominal > 0) || pts.length < 2) return null;
  let area = 0;
  for (let i = 1; i < pts.length; i++) area += ((pts[i].rate + pts[i - 1].rate) / 2) * (pts[i].level - pts[i - 1].level);
  return area / (nominal * (pts[pts.length - 1].level - pts[0].level));
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
