import { request, type IncomingHttpHeaders } from "node:http";

export interface OneShotRequest {
  method: string;
  path: string;
  /** A Unix socket, or else host and port. */
  socketPath?: string;
  host?: string;
  port?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The whole call's deadline, from connecting to the last byte of the answer. */
  timeoutMs: number;
  /** Names the API in errors, e.g. "supervisor API"; every error names the call once. */
  label: string;
}

export interface OneShotResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One HTTP request on a connection of its own. Control APIs (the supervisor, Toxiproxy) are called
 * rarely and their servers close idle or restarted sockets; a kept-alive socket reused after that
 * fails at once (EPIPE, "other side closed"). A fresh connection per call costs nothing here and
 * leaves no case in which a change might have to be sent twice.
 */
export function requestOnce(call: OneShotRequest): Promise<OneShotResponse> {
  const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
  const headers: Record<string, string | number> = { ...call.headers, connection: "close" };
  if (payload !== undefined) {
    headers["content-type"] = "application/json";
    headers["content-length"] = Buffer.byteLength(payload);
  }
  const target = call.socketPath ? { socketPath: call.socketPath } : { host: call.host, port: call.port };
  const options = { ...target, method: call.method, path: call.path, headers, agent: false };
  const failure = (message: string) => new Error(`${call.label} ${call.method} ${call.path}: ${message}`);
  return new Promise((resolve, reject) => {
    const req = request(options, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => {
        clearTimeout(deadline);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
      res.on("error", (error) => req.destroy(error));
    });
    // A total deadline, not Node's idle-socket timeout: a server that drips bytes is cut off too.
    const deadline = setTimeout(() => req.destroy(new Error(`timed out after ${call.timeoutMs} ms`)), call.timeoutMs);
    req.on("error", (error) => {
      clearTimeout(deadline);
      reject(failure(error.message));
    });
    req.end(payload);
  });
}
