import { pollUntil } from "@firebreak/platform";
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
  await untilConnectorsAre("RUNNING", client, names);
  return names;
}

/** Waits until each connector (and, when RUNNING is wanted, each of its tasks) is in the state; a FAILED one throws. */
export async function untilConnectorsAre(
  state: "RUNNING" | "STOPPED",
  client: ConnectClient,
  names: string[],
): Promise<void> {
  const deadline = Date.now() + RUNNING_TIMEOUT_MS;
  for (const name of names) {
    await pollUntil(
      `connector ${name} to be ${state}`,
      async () => {
        const status = await client.status(name).catch(() => undefined);
        if (status && (state === "RUNNING" ? running(status) : status.connector.state === state)) return true;
        // A stop is asked of connectors whose task failed, so only a wait for RUNNING gives up on FAILED.
        const failure = state === "RUNNING" && status && failureOf(status);
        if (failure) throw new Error(`connector ${name} failed:\n${failure}`);
        return false;
      },
      { timeoutMs: Math.max(0, deadline - Date.now()), intervalMs: 500 },
    );
  }
}
