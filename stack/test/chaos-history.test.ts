import { describe, expect, it } from "vitest";
import { resolveExperiment } from "../src/chaos/catalog.js";
import { historyPatienceSeconds, pagedSlos, quietSlos } from "../src/chaos/history.js";

describe("the history gate's scope", () => {
  it("When an experiment expects a drill page, then its SLO is the one whose long window is guarded, for up to that window (1h / 12)", () => {
    const kafkaDown = resolveExperiment("kafka-down");
    expect(pagedSlos(kafkaDown).map((slo) => slo.name)).toEqual(["saga-completion"]);
    expect(pagedSlos(resolveExperiment("clickhouse-down")).map((slo) => slo.name)).toEqual(["analytics-freshness"]);
    expect(pagedSlos(resolveExperiment("postgres-latency")).map((slo) => slo.name)).toEqual([
      "order-placement-latency",
    ]);
    // Its placement page must stay quiet too, which adds that gate's 165 s.
    expect(historyPatienceSeconds(kafkaDown, "drill")).toBe(315 + 165);
    // CI mode judges no alerts, so it does not wait for clean windows.
    expect(historyPatienceSeconds(kafkaDown, "ci")).toBe(0);
  });

  it("When an experiment expects a page to stay quiet, then that SLO's short windows are guarded, for up to the longest (30m / 12)", () => {
    const pspLatency = resolveExperiment("psp-latency");
    expect(pagedSlos(pspLatency)).toEqual([]);
    expect(quietSlos(pspLatency).map((slo) => slo.name)).toEqual(["order-placement-availability"]);
    expect(historyPatienceSeconds(pspLatency, "drill")).toBe(165);
    // postgres-latency expects one page and another quiet: both gates, one after the other.
    expect(historyPatienceSeconds(resolveExperiment("postgres-latency"), "drill")).toBe(315 + 165);
  });

  it("When an experiment names no page either way, then nothing is guarded", () => {
    const sigkill = resolveExperiment("orders-sigkill");
    expect(pagedSlos(sigkill)).toEqual([]);
    expect(quietSlos(sigkill)).toEqual([]);
    expect(historyPatienceSeconds(sigkill, "drill")).toBe(0);
  });
});
