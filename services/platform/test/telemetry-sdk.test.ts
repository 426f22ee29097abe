import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SDK = join(fileURLToPath(new URL(".", import.meta.url)), "..", "src", "telemetry", "sdk.ts");

/** Starts the services' SDK in a process of its own (it registers globals) and reports what it registered. */
function registeredProviders(): { meter: string; tracer: string } {
  const script = `
    import { metrics, trace } from "@opentelemetry/api";
    const { startTelemetry, stopTelemetry } = await import(${JSON.stringify(SDK)});
    startTelemetry();
    console.log(JSON.stringify({
      meter: metrics.getMeterProvider().constructor.name,
      tracer: trace.getTracerProvider().getDelegate?.().constructor.name,
    }));
    await stopTelemetry();`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
    cwd: join(fileURLToPath(new URL(".", import.meta.url)), ".."),
    env: {
      ...process.env,
      OTEL_SDK_DISABLED: "false",
      OTEL_SERVICE_NAME: "telemetry-test",
      // Nothing listens here: the test reads what was registered, not what was exported.
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9",
    },
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as { meter: string; tracer: string };
}

describe("the services' OpenTelemetry SDK", () => {
  it("When it starts, then it traces but registers no meter provider: metrics are prom-client's alone", () => {
    const { meter, tracer } = registeredProviders();
    expect(tracer).toBe("TracerProvider");
    expect(meter).toBe("NoopMeterProvider");
  });
});
