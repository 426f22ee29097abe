import { randomUUID } from "node:crypto";
import { createConnection, createServer, type AddressInfo, type Socket } from "node:net";
import { afterAll } from "vitest";
import { ClickHouseLogLevel, createClient, type ClickHouseSettings } from "@clickhouse/client";
import { logLevel, type Message } from "kafkajs";
import { pino } from "pino";
import { kafkaClient, pollUntil } from "@firebreak/platform";
import { PORTS } from "@firebreak/stack/ports";

/** The running stack's ClickHouse (a client with settings of its own on demand) and Kafka; the shared client closes after the file. Errors reach the tests as exceptions. */
export const clickhouseWith = (clickhouse_settings: ClickHouseSettings = {}) =>
  createClient({
    url: `http://127.0.0.1:${PORTS.clickhouseHttp}`,
    log: { level: ClickHouseLogLevel.OFF },
    clickhouse_settings,
  });
export const clickhouse = clickhouseWith();
export const kafka = kafkaClient("analytics-test", [`127.0.0.1:${PORTS.kafka}`], logLevel.NOTHING);
afterAll(() => clickhouse.close());

/** A logger that keeps the sink's warnings, so a test can see the inserts that failed. */
export function recordingLogger() {
  const warnings: string[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => void warnings.push(JSON.parse(line).msg) });
  return { logger, warnings };
}

export async function query<T>(sql: string): Promise<T[]> {
  return (await clickhouse.query({ query: sql, format: "JSONEachRow" })).json<T>();
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  await pollUntil(what, condition, { timeoutMs, intervalMs: 50 });
}

/** A new topic with `partitions` partitions holding `perPartition` events of one aggregate, `run`. */
export async function topicWithEvents(partitions: number, perPartition: number) {
  const topic = `analytics-test-${randomUUID()}`;
  const run = randomUUID();
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  await admin.disconnect();
  const messages: Message[] = [];
  for (let partition = 0; partition < partitions; partition++) {
    for (let i = 0; i < perPartition; i++) {
      const headers = { id: randomUUID(), type: "AnalyticsTestEvent" };
      messages.push({ partition, key: run, value: JSON.stringify({ amountCents: i }), headers });
    }
  }
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages });
  await producer.disconnect();
  return { topic, run, events: messages.length };
}

/** How often the run's events were inserted into ClickHouse, and how many distinct events that was. */
export async function landed(run: string): Promise<{ deliveries: number; events: number }> {
  const [row] = await query<{ deliveries: string; events: string }>(
    `SELECT count() AS deliveries, uniqExact(event_id) AS events FROM firebreak.events WHERE aggregate_id = '${run}'`,
  );
  return { deliveries: Number(row!.deliveries), events: Number(row!.events) };
}

/** The group's committed offset next to the partition's end, for each partition of the topic. */
export async function committedAndEnd(groupId: string, topic: string) {
  const admin = kafka.admin();
  await admin.connect();
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  return ends
    .map(({ partition, high }) => ({
      partition,
      committed: Number(committed!.partitions.find((p) => p.partition === partition)?.offset ?? -1),
      end: Number(high),
    }))
    .sort((a, b) => a.partition - b.partition);
}

/**
 * A TCP proxy to ClickHouse that can be shut: while shut it resets every connection, as a
 * ClickHouse that is down or cut off would.
 */
export async function clickhouseGate() {
  let open = false;
  let refused = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    if (!open) {
      refused++;
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection(PORTS.clickhouseHttp, "127.0.0.1");
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => undefined).on("close", () => sockets.delete(socket));
    }
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refused: () => refused,
    open: () => void (open = true),
    async close() {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
