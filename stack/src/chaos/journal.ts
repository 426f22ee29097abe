/**
 * What one chaos run records: the journal is written as JSON and is the only input of the
 * JUnit and HTML reports, so a report can be rendered again from a journal alone.
 */

/** pass: every expectation held; fail: one did not; invalid: the steady state did not hold before injection; error: the runner itself failed. */
export type Verdict = "pass" | "fail" | "invalid" | "error";

export type TimelineKind = "phase" | "inject" | "heal" | "probe" | "expectation" | "rollback" | "error" | "info";

export interface TimelineEntry {
  /** ISO time. */
  at: string;
  kind: TimelineKind;
  message: string;
}

/** A window during which a fault was applied: the reports shade it. */
export interface FaultWindow {
  label: string;
  start: string;
  end: string;
}

export interface ProbeResult {
  name: string;
  value: number | null;
  max: number;
  ok: boolean;
}

export type ExpectationKind =
  | "steady-state"
  | "budget"
  | "alert-fires"
  | "alert-quiet"
  | "recovery"
  | "drained"
  | "dead-lettered"
  | "redelivered"
  | "clock-skew"
  | "replication"
  | "verify";

export interface ExpectationResult {
  kind: ExpectationKind;
  /** e.g. "budget order-placement-availability ≤ 5%". */
  name: string;
  passed: boolean;
  /** Skipped expectations (drill-only alerts outside drill mode) count as neither pass nor fail. */
  skipped?: boolean;
  detail: string;
}

/** A time series sampled from Prometheus over the whole run: [unix seconds, value]. */
export interface Series {
  name: string;
  unit: "s" | "ratio" | "messages" | "x";
  points: [number, number | null][];
  /** A limit that matters for this series (an SLO's bound, a page's burn rate): the plot draws it as a line. */
  threshold?: { value: number; label: string };
}

export interface AlertRecord {
  name: string;
  severity?: string;
  firedAt?: string;
  resolvedAt?: string;
}

export interface BudgetConsumed {
  slo: string;
  /** Percent of the SLO's whole window budget consumed during the run. */
  consumedPercent: number;
  maxPercent?: number;
}

export interface RollbackResult {
  action: string;
  ok: boolean;
  error?: string;
}

export interface Story {
  /** What happens inside the system. */
  inside: string;
  /** What to look at, and on which dashboard panel. */
  watch: string;
  /** Which alert fires, and why (or why none does). */
  alerts: string;
  /** Runbook file under observability/runbooks, when one applies. */
  runbook?: string;
}

/** What the history gate found before the faults, for one SLO whose page the experiment expects. */
export interface HistoryWait {
  slo: string;
  waitedSeconds: number;
  /** False when earlier traffic still filled the page's long window after the wait. */
  clean: boolean;
  detail: string;
}

/** Records a poison step produced: their topic and event ids. */
export interface PoisonedRecords {
  topic: string;
  eventIds: string[];
}

/** A consumer group a rewind step moved back, and how many records it was handed again. */
export interface RewoundGroup {
  group: string;
  records: number;
  /** When the group's service was started again: its counters begin from zero then. */
  restartedAt: string;
}

export interface Journal {
  experiment: {
    id: string;
    title: string;
    hypothesis: string;
    file: string;
    story: Story;
  };
  mode: "ci" | "drill";
  startedAt: string;
  endedAt: string;
  verdict: Verdict;
  /** Why the verdict is not pass, in one sentence. */
  reason?: string;
  load: {
    testId: string;
    profile: string;
    ratePerSecond?: number;
    /** What k6's clients were told about their placements: the users' own view, which no server metric gives when the gateway itself is down. */
    placements?: { acknowledged: number; refused: number; unknown: number; succeededOnRetry: number };
  };
  /** Injection window: from the first fault applied to the last one removed. */
  injection?: { start: string; end: string };
  faults: FaultWindow[];
  /** What poison steps produced, for the dead-letter expectations. */
  poisoned?: PoisonedRecords[];
  /** What rewind steps moved back, for the redelivery expectations. */
  rewound?: RewoundGroup[];
  /** Checks a step made while its fault was on (a clock skew's tokens), judged with the rest. */
  stepChecks?: ExpectationResult[];
  steadyState: ProbeResult[];
  /** Drill mode: how long the run waited for earlier traffic to leave the expected pages' long windows. */
  history?: HistoryWait[];
  expectations: ExpectationResult[];
  budget: BudgetConsumed[];
  alerts: AlertRecord[];
  /** Seconds from the last fault removed until the SLIs were back within the steady-state limits. */
  recoverySeconds?: number;
  /** Seconds from the end of the load until every backlog was drained. */
  drainSeconds?: number;
  integrity?: { acknowledged: number; lost: number; unexpected: number; duplicated: number; stuck: number };
  series: Series[];
  timeline: TimelineEntry[];
  rollback: RollbackResult[];
}
