import type { CpuUsage } from "./cpu-window.js";
import type { CapacityOptions } from "./options.js";
import type { AnchorResult } from "./pgbench.js";
import type { PlateauResult } from "./plateau.js";

/** A plateau that was not run: a lower one did not hold, or it failed to run. */
export interface SkippedPlateau {
  rate: number;
  skipped: string;
}

export const isRun = (plateau: PlateauResult | SkippedPlateau): plateau is PlateauResult => !("skipped" in plateau);

/** One stack start (baseline or variant): its idle cost, then its plateaus. */
export interface ConfigRun {
  label: string;
  /** Which measurement of its column this is (1 unless the bench ran several rounds). */
  round: number;
  /** Whether the stack ran with the variant's switches. */
  variant: boolean;
  /** The switches this stack started with (for the baseline: what the variant's names were). */
  env: Record<string, string>;
  /** Seconds waited for this bench's earlier orders to be decided before the idle window, and how many were not. */
  backlogBeforeIdle: { seconds: number; left: number };
  idle: CpuUsage;
  rssMiBByProcess: Record<string, number>;
  plateaus: (PlateauResult | SkippedPlateau)[];
  sustainedOpsPerSecond: number | null;
  /** Orders placed per second, as the orders database counted them, in the sustained plateau's window. */
  sustainedOrdersPerSecond: number | null;
  /** Sustained orders/s over each anchor's tps: the share of the database's own ceiling the platform reaches. */
  ratio: { saga: number | null; placement: number | null };
}

export interface CapacityReport {
  measuredAt: string;
  machine: { cores: number; model: string; memoryGiB: number };
  options: CapacityOptions;
  anchors: AnchorResult[];
  configs: ConfigRun[];
}
