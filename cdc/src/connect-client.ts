/** The parts of Kafka Connect's REST API that Firebreak uses, typed. */
export type ConnectorConfig = Record<string, string>;

export interface TaskState {
  id: number;
  state: "RUNNING" | "FAILED" | "PAUSED" | "STOPPED" | "UNASSIGNED" | "RESTARTING";
  worker_id: string;
  trace?: string;
}

export interface ConnectorStatus {
  name: string;
  connector: { state: TaskState["state"]; worker_id: string; trace?: string };
  tasks: TaskState[];
}

export interface SourceOffset {
  partition: Record<string, unknown>;
  offset: Record<string, unknown>;
}

export class ConnectError extends Error {
  override name = "ConnectError";
}

const REQUEST_TIMEOUT_MS = 15_000;

export class ConnectClient {
  constructor(private readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", accept: "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (!response.ok) throw new ConnectError(`Kafka Connect ${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Creates the connector or updates its config; the same call twice changes nothing. */
  putConnector(name: string, config: ConnectorConfig): Promise<unknown> {
    return this.call("PUT", `/connectors/${encodeURIComponent(name)}/config`, config);
  }

  async statuses(): Promise<ConnectorStatus[]> {
    const all = await this.call<Record<string, { status: ConnectorStatus }>>("GET", "/connectors?expand=status");
    return Object.values(all).map((entry) => entry.status);
  }

  status(name: string): Promise<ConnectorStatus> {
    return this.call("GET", `/connectors/${encodeURIComponent(name)}/status`);
  }

  restartTask(name: string, task: number): Promise<unknown> {
    return this.call("POST", `/connectors/${encodeURIComponent(name)}/tasks/${task}/restart`);
  }

  /** Shuts the connector and its tasks down, keeping its config; Connect then allows its offsets to change. */
  stop(name: string): Promise<unknown> {
    return this.call("PUT", `/connectors/${encodeURIComponent(name)}/stop`);
  }

  resume(name: string): Promise<unknown> {
    return this.call("PUT", `/connectors/${encodeURIComponent(name)}/resume`);
  }

  /** The source offsets Connect stored for the connector: for Debezium, the position it last published. */
  async offsets(name: string): Promise<SourceOffset[]> {
    const body = await this.call<{ offsets: SourceOffset[] }>("GET", `/connectors/${encodeURIComponent(name)}/offsets`);
    return body.offsets;
  }

  /** Forgets the stored offsets of a STOPPED connector: it then starts as if new (its snapshot.mode decides). */
  resetOffsets(name: string): Promise<unknown> {
    return this.call("DELETE", `/connectors/${encodeURIComponent(name)}/offsets`);
  }
}
