import { join } from "node:path";
import { HOST, PORTS } from "../ports.js";
import { stackPaths } from "../paths.js";
import { createRecorder } from "./recorder.js";

const file = join(stackPaths().state, "alerts.jsonl");
const server = createRecorder(file).listen(PORTS.alertRecorder, HOST, () => {
  process.stdout.write(`alert recorder listening on ${HOST}:${PORTS.alertRecorder}, recording to ${file}\n`);
});
// Alertmanager keeps its connection alive; close it too, or shutdown waits for its idle timeout.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
