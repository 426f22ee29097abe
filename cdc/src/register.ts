import { setTimeout as sleep } from "node:timers/promises";
import { ConnectClient, type ConnectorStatus } from "./connect-client.js";
import { connectorName, outboxConnector, type OutboxSource } from "./connectors.js";

const RUNNING_TIMEOUT_MS = 120_000;

function running(status: ConnectorStatus): boolean {
  return (
    status.connector.state === "RUNNING" && status.tasks.length > 0 && status.tasks.every((t) => t.state === "RUNNING")
  );
}

function failureOf(status: ConnectorStatus): string | undefined {
  const failed = [status.connector, ...status.tasks].find((part) => part.state === "FAILED");
  return failed ? (failed.trace ?? "FAILED").split("\n").slice(0, 3).join("\n") : undefined;
}

/** Registers (or updates) every outbox connector, then waits until each one's task is RUNNING. */
export async function registerOutboxConnectors(client: ConnectClient, sources: OutboxSource[]): Promise<string[]> {
  const names = sources.map((source) => connectorName(source.service));
  for (const source of sources) await client.putConnector(connectorName(source.service), outboxConnector(source));
  const deadline = Date.now() + RUNNING_TIMEOUT_MS;
  for (const name of names) {
    for (;;) {
      const status = await client.status(name).catch(() => undefined);
      if (status && running(status)) break;
      const failure = status && failureOf(status);
      if (failure) throw new Error(`connector ${name} failed:\n${failure}`);
      if (Date.now() > deadline)
        throw new Error(`connector ${name} was not RUNNING after ${RUNNING_TIMEOUT_MS / 1000}s`);
      await sleep(500);
    }
  }
  return names;
}
