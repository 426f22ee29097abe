import { describe, expect, it } from "vitest";
import type { RecordedAlert } from "../src/alert-recorder/recorder.js";
import { episodesOf } from "../src/chaos/expectations.js";

const notification = (
  status: RecordedAlert["status"],
  startsAt: string,
  endsAt = "0001-01-01T00:00:00Z",
): RecordedAlert => ({
  receivedAt: startsAt,
  receiver: "page",
  status,
  alertname: "OrderPlacementAvailabilityFastBurnDrill",
  severity: "page",
  labels: {},
  startsAt,
  endsAt,
  fingerprint: "f",
});

describe("alert episodes", () => {
  it("When an earlier fault's page is still notified during a run, then the run's own episode of the same alert is the one recorded", () => {
    const injected = new Date("2026-12-04T07:40:25Z");
    const notifications = [
      notification("firing", "2026-12-04T07:36:00Z"),
      notification("resolved", "2026-12-04T07:36:00Z", "2026-12-04T07:40:10Z"),
      notification("firing", "2026-12-04T07:40:40Z"),
      notification("resolved", "2026-12-04T07:40:40Z", "2026-12-04T07:42:00Z"),
    ];
    expect(episodesOf(notifications, injected)).toEqual([
      {
        name: "OrderPlacementAvailabilityFastBurnDrill",
        severity: "page",
        firedAt: "2026-12-04T07:40:40Z",
        resolvedAt: "2026-12-04T07:42:00Z",
      },
    ]);
  });

  it("When only an earlier episode was notified, then the alert is listed without a firing of its own", () => {
    const episodes = episodesOf([notification("firing", "2026-12-04T07:36:00Z")], new Date("2026-12-04T07:40:25Z"));
    expect(episodes).toEqual([{ name: "OrderPlacementAvailabilityFastBurnDrill", severity: "page" }]);
  });

  it("When Alertmanager notified only the resolution of a new episode (it had not told of the old one's), then that episode counts as fired", () => {
    const notifications = [
      notification("firing", "2026-12-04T07:37:37Z"),
      notification("resolved", "2026-12-04T07:40:42Z", "2026-12-04T07:43:22Z"),
    ];
    expect(episodesOf(notifications, new Date("2026-12-04T07:40:25Z"))[0]).toMatchObject({
      firedAt: "2026-12-04T07:40:42Z",
      resolvedAt: "2026-12-04T07:43:22Z",
    });
  });
});
