import { SUBSCRIPTIONS } from "@firebreak/platform";
import { outboxConnector, type SlotLag } from "@firebreak/cdc";
import { listDeadLetters } from "../clients/dlq.js";
import { slotLag } from "../native/pipeline.js";
import { SERVICES_WITH_DATABASE } from "../native/service-env.js";

/** What a consumer group set aside: how many events, and why (the reasons with their counts). */
export interface DeadLetterSummary {
  group: string;
  count: number;
  reasons: Record<string, number>;
}

/** A replication slot a connector needs: missing means the WAL since it was lost will never be streamed. */
export interface SlotHealth extends Omit<SlotLag, "database"> {
  state: "active" | "inactive" | "missing";
}

/**
 * The pipeline's own state, which the order-by-order checks cannot see: dead letters are events a
 * consumer gave up on (a poison event is set aside by design, so they are reported, not failed), and
 * a slot that is inactive or gone stops the outbox from reaching Kafka.
 */
export interface PipelineHealth {
  deadLetters: DeadLetterSummary[];
  slots: SlotHealth[];
}

const expectedSlots = () =>
  SERVICES_WITH_DATABASE.map((service) => outboxConnector({ service, host: "", port: 0 })["slot.name"]!);

export async function readPipelineHealth(): Promise<PipelineHealth> {
  const groups = Object.keys(SUBSCRIPTIONS);
  const [letters, slots] = await Promise.all([
    Promise.all(groups.map((group) => listDeadLetters(`${group}.dlq`))),
    slotLag(),
  ]);
  const deadLetters = groups.map((group, i) => {
    const reasons: Record<string, number> = {};
    for (const { reason } of letters[i]!) reasons[reason] = (reasons[reason] ?? 0) + 1;
    return { group, count: letters[i]!.length, reasons };
  });
  const found = new Map(slots.map((slot) => [slot.slot, slot]));
  return {
    deadLetters,
    slots: expectedSlots().map((name) => {
      const slot = found.get(name);
      if (!slot) return { slot: name, active: false, lagBytes: 0, state: "missing" as const };
      return { slot: name, active: slot.active, lagBytes: slot.lagBytes, state: slot.active ? "active" : "inactive" };
    }),
  };
}

/** The lines `firebreak verify` prints under its counts. */
export function describePipelineHealth(health: PipelineHealth): string[] {
  const letters = health.deadLetters.map(({ group, count, reasons }) => {
    const why = Object.entries(reasons)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([reason, n]) => `${n}× ${reason}`)
      .join("; ");
    return `  ${group}.dlq`.padEnd(20) + (count === 0 ? "empty" : `${count} dead letters (${why})`);
  });
  const slots = health.slots.map(
    ({ slot, state, lagBytes }) =>
      `  ${slot}`.padEnd(34) + (state === "active" ? `active, ${lagBytes} bytes behind` : state),
  );
  return ["dead letters (firebreak dlq list|replay <group>):", ...letters, "replication slots:", ...slots];
}
