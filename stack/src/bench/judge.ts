import type { SliReading } from "./slis.js";

/** What a plateau is judged on: its own window's SLIs, and what k6 saw over the run. */
export interface PlateauEvidence {
  slis: SliReading[];
  droppedIterations: number;
  /** k6's share of failed requests (any status ≥ 400 or no answer). */
  httpFailedRate: number;
}

export interface Verdict {
  ok: boolean;
  /** Why it did not hold, one line per broken condition; empty when it held. */
  reasons: string[];
}

const percent = (ratio: number) => `${Number((ratio * 100).toPrecision(3))}%`;

/**
 * A plateau holds when every SLO's error ratio over its window stays within the SLO's budget, when
 * k6 dropped no iteration (an overloaded generator offers less load than asked), and when k6's own
 * failure rate stays within the tightest availability budget.
 */
export function judgePlateau(evidence: PlateauEvidence): Verdict {
  const reasons: string[] = [];
  for (const sli of evidence.slis) {
    if (sli.errorRatio === null) reasons.push(`${sli.slo}: no data in the window`);
    else if (sli.errorRatio > sli.budget)
      reasons.push(`${sli.slo}: ${percent(sli.errorRatio)} bad, budget ${percent(sli.budget)}`);
  }
  if (evidence.droppedIterations > 0) reasons.push(`k6 dropped ${evidence.droppedIterations} iterations`);
  const budgets = evidence.slis.map((sli) => sli.budget);
  const errorBudget = budgets.length > 0 ? Math.min(...budgets) : 0;
  if (evidence.httpFailedRate > errorBudget)
    reasons.push(`k6 saw ${percent(evidence.httpFailedRate)} failed requests, budget ${percent(errorBudget)}`);
  return { ok: reasons.length === 0, reasons };
}

/** The sustained rate: the highest plateau that held (not only the first ones), or null when none did. */
export function sustainedRate(plateaus: { rate: number; verdict?: Verdict }[]): number | null {
  const held = plateaus.filter((p) => p.verdict?.ok).map((p) => p.rate);
  return held.length > 0 ? Math.max(...held) : null;
}
