import { Router } from "express";

export type ReadinessCheck = () => Promise<unknown>;

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(check: ReadinessCheck): Promise<unknown> {
  return Promise.race([
    check(),
    new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), CHECK_TIMEOUT_MS).unref()),
  ]);
}

/**
 * /livez answers while the process runs; /readyz checks each dependency and names the ones that fail.
 * `degraded` names parts that are not working but do not make the service unready (orders' consumer
 * while Kafka is out: placements still work); each says `ok` or what is wrong, and is listed only then.
 */
export function healthRoutes(
  checks: Record<string, ReadinessCheck>,
  isShuttingDown: () => boolean,
  degraded: Record<string, () => string> = {},
): Router {
  const router = Router();
  router.get("/livez", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await withTimeout(check);
          return [name, "ok"] as const;
        } catch (error) {
          return [name, `failing: ${(error as Error).message}`] as const;
        }
      }),
    );
    const ready = !isShuttingDown() && results.every(([, result]) => result === "ok");
    const notes = Object.entries(degraded)
      .map(([name, state]) => [name, state()] as const)
      .filter(([, state]) => state !== "ok");
    res.status(ready ? 200 : 503).json({
      status: ready ? "ready" : "not ready",
      checks: Object.fromEntries(results),
      ...(notes.length > 0 ? { degraded: Object.fromEntries(notes) } : {}),
    });
  });
  return router;
}
