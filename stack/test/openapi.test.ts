import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "../src/native/paths.js";
import { PORTS } from "../src/native/ports.js";
import { renderOpenApiDocs } from "../src/generate/openapi-docs.js";
import { authAs, OPERATOR, url } from "./helpers.js";

const SERVICE_OF_PATH: [RegExp, number][] = [
  [/^\/api\/v1\/orders/, PORTS.orders],
  [/^\/api\/v1\/products/, PORTS.inventory],
  [/^\/api\/v1\/payment/, PORTS.payments],
  [/^\/api\/v1\/analytics/, PORTS.analytics],
];
const SAMPLE_PARAMS: Record<string, string> = { id: "sku-espresso", orderId: "00000000-0000-4000-8000-000000000000" };

describe("OpenAPI documents", () => {
  it("When the schemas change, then the committed documents are regenerated (npm run generate)", () => {
    for (const [target, text] of renderOpenApiDocs()) {
      expect(readFileSync(join(REPO_ROOT, target), "utf8"), `${target} is stale: run npm run generate`).toBe(text);
    }
  });

  it("When a documented GET route is called on its service, then the service has that route", async () => {
    const doc = parse(readFileSync(join(REPO_ROOT, "services/gateway/openapi.yaml"), "utf8")) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!("get" in operations)) continue;
      const port = SERVICE_OF_PATH.find(([pattern]) => pattern.test(path))![1];
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE_PARAMS[name] ?? name);
      const query = path === "/api/v1/orders" ? "?customerId=someone" : "";
      // As the operator, who may call every route: the check is that the route exists.
      const response = await fetch(url(port, concrete + query), { headers: await authAs(OPERATOR) });
      const body = (await response.json()) as { type?: string };
      expect(body.type ?? "", `${path} is not routed`).not.toMatch(/\/not-found$/);
      expect(response.status, path).toBeLessThan(500);
    }
  });
});
