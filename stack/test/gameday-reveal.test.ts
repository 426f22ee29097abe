import { describe, expect, it } from "vitest";
import { judgeAnswer, revealLines } from "../src/chaos/gameday-reveal.js";
import type { RecordedAlert } from "../src/alert-recorder/recorder.js";
import { blindTimeline, gameDayExperiments, pageAnnouncer, type GameDay } from "../src/chaos/gameday.js";
import { at, FAULT_START, journal } from "./fixtures/chaos-journal.js";

const ended = (answer?: GameDay["answer"]): GameDay => ({
  startedAt: at(0),
  status: "ended",
  journal: "orders-postgres-latency.journal.json",
  ...(answer && { answer }),
});

describe("a game day's reveal", () => {
  it("When the trainee names the experiment that ran, then the reveal says right and times the diagnosis from the fault", () => {
    const gameDay = ended({ experiment: "orders-postgres-latency", at: at(FAULT_START + 135) });
    expect(judgeAnswer(gameDay, journal())).toEqual({ right: true, diagnosedInMs: 135_000 });
    const text = revealLines(gameDay, journal()).join("\n");
    expect(text).toContain("Your answer, orders-postgres-latency, is RIGHT.");
    expect(text).toContain("Time to diagnose: 2m15s after the fault began.");
    expect(text).toContain("The first page came 38s after the fault began.");
    expect(text).toContain("What happens inside: Every query from orders waits 300 ms longer");
  });

  it("When the trainee names another experiment, then the reveal says wrong and names the one that ran", () => {
    const gameDay = ended({ experiment: "redis-down", at: at(FAULT_START + 20) });
    expect(judgeAnswer(gameDay, journal()).right).toBe(false);
    const text = revealLines(gameDay, journal()).join("\n");
    expect(text).toContain("Your answer, redis-down, is WRONG: it was orders-postgres-latency.");
    expect(text).toContain("Time to diagnose: 20s after the fault began.");
  });

  it("When nobody answered, then the reveal says so and times nothing", () => {
    const text = revealLines(ended(), journal()).join("\n");
    expect(text).toContain("No answer was given.");
    expect(text).not.toContain("Time to diagnose");
  });
});

describe("a game day's blind timeline", () => {
  it("When the run logs its title, faults and expectations, then the trainee sees only load, steady state and verdict", () => {
    const printed: string[] = [];
    const timeline = blindTimeline((line) => printed.push(line));
    timeline.log("phase", "PostgreSQL unreachable from the orders service: drill mode");
    timeline.log("phase", "load: average at 5 ops/s (chaos-postgres-down-20261205T201541)");
    timeline.log("probe", "steady state holds: placement_error_ratio=0 (max 0.01)");
    timeline.log("inject", "link orders → postgres down");
    timeline.log("heal", "link orders → postgres down");
    timeline.log("probe", "waiting for OrderPlacementAvailabilityFastBurnDrill to resolve");
    timeline.log("expectation", "pass  verify: nothing lost");
    timeline.log("phase", "verdict: fail (orders → postgres down: recovers within 60 s: recovered after 94 s)");
    const text = printed.join("\n");
    expect(printed).toHaveLength(3);
    expect(printed.at(-1)).toMatch(/verdict: fail$/);
    expect(text).toContain("load: average at 5 ops/s");
    expect(text).not.toMatch(/postgres|PostgreSQL|chaos-/i);
    expect(timeline.entries).toHaveLength(8);
  });

  it("When experiments are drawn for a game day, then each one pages someone", () => {
    const candidates = gameDayExperiments();
    expect(candidates.length).toBeGreaterThan(5);
    for (const experiment of candidates) expect(experiment.expect.alerts?.fire.length).toBeGreaterThan(0);
    expect(candidates.map((e) => e.id)).not.toContain("connect-crash");
  });
});

describe("a game day's pages", () => {
  const notification = (alertname: string, status: RecordedAlert["status"], receivedAt: string): RecordedAlert => ({
    receivedAt,
    receiver: "page",
    status,
    alertname,
    labels: { alertname },
    annotations: { summary: `${alertname} is burning`, runbook_url: "docs/runbooks/x.md" },
    startsAt: "2026-12-05T23:00:00.000Z",
    endsAt: "0001-01-01T00:00:00Z",
    fingerprint: alertname,
  });

  it("When a page that fired before the game day resolves during it, then the trainee sees nothing of it", () => {
    const printed: string[] = [];
    const announce = pageAnnouncer((line) => printed.push(line));
    announce(notification("OrderPlacementLatencyFastBurnDrill", "resolved", "2026-12-05T23:05:32Z"));
    expect(printed).toEqual([]);
  });

  it("When a page fires and resolves during the game day, then both are printed once, the page with its links", () => {
    const printed: string[] = [];
    const announce = pageAnnouncer((line) => printed.push(line));
    const firing = notification("InventoryReservationAvailabilityFastBurn", "firing", "2026-12-05T23:06:00Z");
    announce(firing);
    announce(firing);
    announce(notification("InventoryReservationAvailabilityFastBurn", "resolved", "2026-12-05T23:08:10Z"));
    expect(printed).toEqual([
      "23:06:00  PAGE      InventoryReservationAvailabilityFastBurn",
      "          InventoryReservationAvailabilityFastBurn is burning",
      "          runbook:   docs/runbooks/x.md",
      "23:08:10  RESOLVED  InventoryReservationAvailabilityFastBurn",
    ]);
  });
});
