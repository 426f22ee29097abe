import { sleep } from "@firebreak/platform";
import { describe, expect, it } from "vitest";
import { PORTS } from "../../src/native/ports.js";
import { eventually, url } from "../helpers.js";
import { placeOrders } from "../orders-traffic.js";

async function instant(query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const response = await fetch(url(PORTS.prometheus, `/api/v1/query?query=${encodeURIComponent(query)}`));
  const body = (await response.json()) as {
    status: string;
    data: { result: { metric: Record<string, string>; value: [number, string] }[] };
  };
  expect(body.status).toBe("success");
  return body.data.result;
}

const present = (query: string) => async () => ((await instant(query)).length > 0 ? instant(query) : undefined);

describe("service metrics and live SLO rules", () => {
  it("When orders flow through the gateway, then Prometheus scrapes RED, saga and freshness metrics and the SLO rules have values", async () => {
    // Two rounds, a scrape apart, so rate() sees the counters move whatever their first sample was.
    await placeOrders(20);
    await sleep(6_000);
    await placeOrders(20);
    const placements = await eventually(
      present(
        'sum(http_server_request_duration_seconds_count{job="gateway", http_request_method="POST", http_route="/api/v1/orders"}) >= 40',
      ),
      60_000,
      "the gateway's order placements in Prometheus",
    );
    expect(Number(placements[0]!.value[1])).toBeGreaterThanOrEqual(40);
    await eventually(present('firebreak_saga_duration_seconds_count{job="orders"} > 0'), 60_000, "saga durations");
    await eventually(present('firebreak_cdc_freshness_seconds_count{job="analytics"} > 0'), 60_000, "CDC freshness");
    const ratio = await eventually(
      present('slo:sli_error:ratio_rate5m{slo="order-placement-availability"}'),
      90_000,
      "the availability SLO's 5m error ratio",
    );
    expect(Number(ratio[0]!.value[1])).toBe(0);
    const budget = await eventually(
      present('slo:error_budget_remaining:ratio{slo="order-placement-availability"}'),
      90_000,
      "the availability SLO's remaining budget",
    );
    expect(Number(budget[0]!.value[1])).toBe(1);
  }, 300_000);
});
