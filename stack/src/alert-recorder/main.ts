import { join } from "node:path";
import { HOST, PORTS } from "../native/ports.js";
import { stackPaths } from "../native/paths.js";
import { loadSecrets, writeCredentialFiles } from "../credentials/secrets.js";
import { createRecorder } from "./recorder.js";

const file = join(stackPaths().state, "alerts.jsonl");
// With docker compose, Alertmanager posts from a container to the Docker host, not to loopback.
const bind = process.env.FIREBREAK_ALERT_RECORDER_BIND ?? HOST;
const secrets = loadSecrets();
// With docker compose nothing else writes the key file that Alertmanager's container mounts.
writeCredentialFiles(secrets);
const server = createRecorder(file, secrets.apiKeys.alertRecorder).listen(PORTS.alertRecorder, bind, () => {
  process.stdout.write(`alert recorder listening on ${bind}:${PORTS.alertRecorder}, recording to ${file}\n`);
});
// Alertmanager keeps its connection alive; close it too, or shutdown waits for its idle timeout.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
