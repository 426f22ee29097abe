import { randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { PORTS } from "../src/native/ports.js";
import { REPO_ROOT } from "../src/native/paths.js";
import { stackEnv } from "../src/native/env.js";
import { adminRedisUrl } from "../src/native/service-env.js";
import { authAs, clickhouse, eventually, firebreakOrThrow, kafka, ordersDb, secrets, url } from "./helpers.js";

describe("the full native stack answers real requests", () => {
  it("When PostgreSQL is queried as a service role, then it answers with logical WAL enabled and the WAL a slot holds bounded", async () => {
    const client = ordersDb();
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT current_user AS who, current_setting('wal_level') AS wal_level, current_setting('max_slot_wal_keep_size') AS slot_wal",
      );
      expect(rows[0]).toEqual({ who: "orders", wal_level: "logical", slot_wal: "1GB" });
      const debezium = await client.query("SELECT rolreplication, rolsuper FROM pg_roles WHERE rolname = 'debezium'");
      expect(debezium.rows[0]).toEqual({ rolreplication: true, rolsuper: false });
    } finally {
      await client.end();
    }
  });

  it("When Redis is pinged, then it answers PONG", async () => {
    const redis = new Redis(adminRedisUrl(), { lazyConnect: true });
    await redis.connect();
    expect(await redis.ping()).toBe("PONG");
    redis.disconnect();
  });

  it("When a record is produced to Kafka, then a consumer reads it back", async () => {
    const topic = `firebreak-test-${randomUUID()}`;
    const value = randomUUID();
    const admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka().producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: "k", value }] });
    await producer.disconnect();
    const consumer = kafka().consumer({ groupId: `firebreak-test-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Promise<string>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve(message.value?.toString() ?? "") });
    });
    expect(await received).toBe(value);
    await consumer.disconnect();
  });

  it("When Connect lists its plugins, then the Debezium PostgreSQL connector and the EventRouter are there", async () => {
    const response = await fetch(url(PORTS.connect, "/connector-plugins?connectorsOnly=false"));
    const plugins = (await response.json()) as { class: string; type: string }[];
    expect(plugins).toContainEqual(
      expect.objectContaining({ class: "io.debezium.connector.postgresql.PostgresConnector", type: "source" }),
    );
    expect(plugins).toContainEqual(
      expect.objectContaining({ class: "io.debezium.transforms.outbox.EventRouter", type: "transformation" }),
    );
  });

  it("When ClickHouse runs a SELECT, then it answers", async () => {
    const client = clickhouse();
    const result = await client.query({
      query: "SELECT 40 + 2 AS answer, version() AS version",
      format: "JSONEachRow",
    });
    const [row] = await result.json<{ answer: number; version: string }>();
    expect(row?.answer).toBe(42);
    expect(row?.version).toMatch(/^\d+\.\d+/);
    await client.close();
  });

  it("When Prometheus is asked, then it is ready and scrapes a target that is up", async () => {
    expect((await fetch(url(PORTS.prometheus, "/-/ready"))).status).toBe(200);
    const up = await eventually(
      async () => {
        const response = await fetch(url(PORTS.prometheus, "/api/v1/query?query=up%3D%3D1"));
        const body = (await response.json()) as { data: { result: { metric: { job: string } }[] } };
        return body.data.result.length > 0 ? body.data.result.map((r) => r.metric.job) : undefined;
      },
      60_000,
      "a scrape target reporting up",
    );
    expect(up).toContain("prometheus");
  });

  it("When Alertmanager is asked, then it is ready and reports its config", async () => {
    expect((await fetch(url(PORTS.alertmanager, "/-/ready"))).status).toBe(200);
    const status = (await (await fetch(url(PORTS.alertmanager, "/api/v2/status"))).json()) as {
      config: { original: string };
    };
    expect(status.config.original).toContain("receiver: page");
    expect(status.config.original).toContain("receiver: ticket");
  });

  it("When the Collector's health check is asked, then it answers", async () => {
    const response = await fetch(url(PORTS.otelcolHealth, "/"));
    expect(response.status).toBe(200);
  });

  it("When a log record goes to the Collector over OTLP, then Loki has it", async () => {
    const marker = randomUUID();
    const nowNs = `${Date.now()}000000`;
    const body = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "firebreak-stack-test" } }] },
          scopeLogs: [
            { logRecords: [{ timeUnixNano: nowNs, severityText: "INFO", body: { stringValue: `marker ${marker}` } }] },
          ],
        },
      ],
    };
    const sent = await fetch(url(PORTS.otelcolHttp, "/v1/logs"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(sent.status).toBe(200);
    const query = encodeURIComponent(`{service_name="firebreak-stack-test"} |= "${marker}"`);
    const lines = await eventually(
      async () => {
        const response = await fetch(url(PORTS.loki, `/loki/api/v1/query_range?query=${query}&since=10m`));
        const result = (await response.json()) as { data: { result: { values: [string, string][] }[] } };
        return result.data.result.length > 0 ? result.data.result : undefined;
      },
      60_000,
      "the log line in Loki",
    );
    expect(lines[0]!.values[0]![1]).toContain(marker);
  });

  it("When Tempo and Loki are asked, then both are ready", async () => {
    expect((await fetch(url(PORTS.tempo, "/ready"))).status).toBe(200);
    expect((await fetch(url(PORTS.loki, "/ready"))).status).toBe(200);
  });

  it("When k6 runs a trivial script, then every check passes", () => {
    const result = spawnSync(
      stackEnv().FB_BIN_K6!,
      ["run", "--quiet", join(REPO_ROOT, "loadtests", "scripts", "probe.ts")],
      {
        encoding: "utf8",
        env: { ...process.env, K6_NO_USAGE_REPORT: "true", TARGET_URL: url(PORTS.prometheus, "/-/ready") },
        timeout: 120_000,
      },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/checks_succeeded\.*: 100\.00%|checks\.*: 100\.00%/);
  });

  it("When Toxiproxy's API is asked, then it reports its version", async () => {
    const version = await (await fetch(url(PORTS.toxiproxy, "/version"))).text();
    expect(version).toContain("2.12.0");
  });

  it("When logs are asked for a component, then its log tail is shown", () => {
    const result = firebreakOrThrow("logs", "postgres", "--lines", "500");
    expect(result.stdout).toContain("database system is ready to accept connections");
    expect(result.stdout).toContain("postgres-setup.log");
  });

  it("When status is asked for a table, then every component has a row", () => {
    const table = firebreakOrThrow("status").stdout;
    expect(table).toMatch(/^COMPONENT\s+PROCESS\s+STATUS\s+READY/);
    for (const name of [
      "postgres",
      "redis",
      "kafka",
      "connect",
      "clickhouse",
      "prometheus",
      "tempo",
      "loki",
      "toxiproxy",
    ]) {
      expect(table).toMatch(new RegExp(`^${name}\\s`, "m"));
    }
  });

  it("When cdc status is asked, then every service database has a RUNNING outbox connector and an active slot", () => {
    const { connectors, slots } = JSON.parse(firebreakOrThrow("cdc", "status", "--json").stdout) as {
      connectors: { name: string; connector: { state: string }; tasks: { state: string }[] }[];
      slots: { slot: string; active: boolean; lagBytes: number }[];
    };
    for (const service of ["orders", "inventory", "payments"]) {
      const connector = connectors.find((c) => c.name === `${service}-outbox`);
      expect(connector?.connector.state, service).toBe("RUNNING");
      expect(connector?.tasks.map((t) => t.state)).toEqual(["RUNNING"]);
      expect(slots.find((s) => s.slot === `firebreak_${service}_outbox`)?.active, service).toBe(true);
    }
  });

  it("When a connector's config is read from Connect's REST API, then it names the password's variable, not the password", async () => {
    const password = secrets().passwords.debezium;
    for (const service of ["orders", "inventory", "payments"]) {
      const response = await fetch(url(PORTS.connect, `/connectors/${service}-outbox/config`));
      const text = await response.text();
      expect(JSON.parse(text)["database.password"], service).toBe("${env:DEBEZIUM_DB_PASSWORD}");
      expect(text.includes(password), service).toBe(false);
    }
  });

  it("When the stack is up, then the catalogue and the customers are seeded", async () => {
    const client = ordersDb();
    await client.connect();
    const { rows } = await client.query("SELECT count(*)::int AS n FROM customers WHERE id LIKE 'customer-%'");
    await client.end();
    expect(rows[0].n).toBe(1_000);
    const products = (await (
      await fetch(url(PORTS.inventory, "/api/v1/products"), { headers: await authAs("customer-0001") })
    ).json()) as {
      products: { id: string }[];
    };
    expect(products.products.map((p) => p.id)).toEqual(expect.arrayContaining(["sku-espresso", "sku-last-one"]));
  });

  it("When status is asked for JSON, then every full-profile process is ready or done", () => {
    const { components } = JSON.parse(firebreakOrThrow("status", "--json").stdout) as {
      components: { process: string; readiness: string }[];
    };
    for (const component of components) expect(component.readiness, component.process).toBe("ready");
  });
});

describe("the services are reached on loopback only", () => {
  it("When a service is asked on the machine's network address, then nothing answers; on loopback it does", async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address?.family === "IPv4" && !address.internal)?.address;
    expect(external, "a non-loopback IPv4 address to try").toBeDefined();
    for (const service of ["gateway", "orders", "inventory", "payments", "analytics", "paymentProvider"] as const) {
      expect((await fetch(url(PORTS[service], "/livez"))).status, service).toBe(200);
      await expect(fetch(`http://${external}:${PORTS[service]}/livez`), service).rejects.toThrow();
    }
  });
});
