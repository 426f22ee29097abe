import { LABELS, METRICS, pollUntil, SUBSCRIPTIONS } from "@firebreak/platform";
import { promQuery } from "../clients/backends.js";
import { stackKafka } from "../clients/kafka.js";
import { possessive } from "../util/words.js";
import type { ExpectationResult, RewoundGroup } from "./journal.js";

/** The saga's consumer groups, each run by the service of the same name and guarded by its inbox. */
export const REWINDABLE = ["orders", "inventory", "payments"] as const;
export type Rewindable = (typeof REWINDABLE)[number];

/** Kafka refuses a reset while the group still lists the stopped member; it leaves within seconds. */
async function whenGroupEmpty(reset: () => Promise<void>, patienceMs = 60_000): Promise<void> {
  await pollUntil("the stopped member to leave its group", async () => (await reset(), true), {
    timeoutMs: patienceMs,
    intervalMs: 2_000,
    retryErrors: (error) => /no running instances/i.test((error as Error).message),
  });
}

/**
 * Moves a stopped group's committed offsets back to the first record of the last `seconds` on every
 * partition it reads, as an operator who resets a group to replay would; Kafka refuses this while the
 * group has members. Returns how many records it will be handed again.
 */
export async function rewindOffsets(group: Rewindable, seconds: number): Promise<number> {
  const admin = stackKafka().admin();
  await admin.connect();
  try {
    const since = Date.now() - seconds * 1000;
    let again = 0;
    for (const topic of SUBSCRIPTIONS[group]) {
      const committed = (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0]?.partitions ?? [];
      const earlier = await admin.fetchTopicOffsetsByTimestamp(topic, since);
      const partitions = earlier
        .map(({ partition, offset }) => {
          const now = Number(committed.find((p) => p.partition === partition)?.offset ?? -1);
          return { partition, offset, back: now - Number(offset) };
        })
        .filter(({ offset, back }) => Number(offset) >= 0 && back > 0);
      if (partitions.length === 0) continue;
      await whenGroupEmpty(() => admin.setOffsets({ groupId: group, topic, partitions }));
      again += partitions.reduce((sum, p) => sum + p.back, 0);
    }
    return again;
  } finally {
    await admin.disconnect();
  }
}

/**
 * A rewind proves something only if the events really came again: the group's inbox must have turned
 * some away as duplicates (verify then says whether any effect happened twice). The service was
 * restarted, so its counter began at zero then: its highest value since is what the new process counted.
 * (`increase()` would miss a counter whose first scrape already holds every duplicate.)
 */
export async function redeliveryExpectations(rewound: RewoundGroup[], now = Date.now()): Promise<ExpectationResult[]> {
  const results: ExpectationResult[] = [];
  for (const { group, records, restartedAt } of rewound) {
    const sinceRestart = Math.max(1, Math.ceil((now - Date.parse(restartedAt)) / 1000));
    const [sample] = await promQuery(
      `sum(max_over_time(${METRICS.eventsConsumed}{${LABELS.consumerGroup}="${group}", ${LABELS.outcome}="duplicate"}[${sinceRestart}s]))`,
    );
    const duplicates = sample ? Math.round(Number(sample.value[1])) : 0;
    results.push({
      kind: "redelivered",
      name: `${possessive(group)} inbox turned away the events delivered again`,
      passed: records > 0 && duplicates > 0,
      detail: `${records} records rewound, ${duplicates} counted as duplicates by the inbox`,
    });
  }
  return results;
}
