import { describe, expect, it } from "vitest";
import { resolveExperiment } from "../src/chaos/catalog.js";
import { historyPatienceSeconds, pagedSlos } from "../src/chaos/history.js";

describe("the history gate's scope", () => {
  it("When an experiment expects a drill page, then its SLO is the one whose long window is guarded, for up to that window (1h / 12)", () => {
    const kafkaDown = resolveExperiment("kafka-down");
    expect(pagedSlos(kafkaDown).map((slo) => slo.name)).toEqual(["saga-completion"]);
    expect(pagedSlos(resolveExperiment("clickhouse-down")).map((slo) => slo.name)).toEqual(["analytics-freshness"]);
    expect(pagedSlos(resolveExperiment("postgres-latency")).map((slo) => slo.name)).toEqual([
      "order-placement-latency",
    ]);
    expect(historyPatienceSeconds(kafkaDown, "drill")).toBe(315);
    // CI mode judges no alerts, so it does not wait for clean windows.
    expect(historyPatienceSeconds(kafkaDown, "ci")).toBe(0);
  });

  it("When an experiment expects no page, then nothing is guarded", () => {
    const pspLatency = resolveExperiment("psp-latency");
    expect(pagedSlos(pspLatency)).toEqual([]);
    expect(historyPatienceSeconds(pspLatency, "drill")).toBe(0);
  });
});
