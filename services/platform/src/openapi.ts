import { z } from "zod";

/** One operation, described with the same zod schemas that validate the request. */
export interface Operation {
  method: "get" | "post";
  path: string;
  summary: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
}

const PROBLEM = {
  type: "object",
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    "invalid-params": {
      type: "array",
      items: { type: "object", properties: { name: { type: "string" }, reason: { type: "string" } } },
    },
  },
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return rest;
}

function parameters(location: "path" | "query" | "header", object: z.ZodObject | undefined) {
  return Object.entries(object?.shape ?? {}).map(([name, schema]) => ({
    name,
    in: location,
    required: location === "path" || !(schema as z.ZodType).safeParse(undefined).success,
    schema: jsonSchema(schema as z.ZodType),
  }));
}

function operation(op: Operation) {
  const responses: Record<string, unknown> = {};
  for (const [status, { description, schema }] of Object.entries(op.responses)) {
    responses[status] = schema
      ? { description, content: { "application/json": { schema: jsonSchema(schema) } } }
      : { description };
  }
  responses.default = {
    description: "A problem (RFC 9457)",
    content: { "application/problem+json": { schema: PROBLEM } },
  };
  return {
    summary: op.summary,
    parameters: [
      ...parameters("path", op.params),
      ...parameters("query", op.query),
      ...parameters("header", op.headers),
    ],
    ...(op.body
      ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body) } } } }
      : {}),
    responses,
  };
}

/** An OpenAPI 3.1 document; paths use {name} for path parameters. */
export function openApiDocument(
  info: { title: string; version: string; description: string },
  operations: Operation[],
  bearer = false,
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) paths[op.path] = { ...paths[op.path], [op.method]: operation(op) };
  return {
    openapi: "3.1.0",
    info,
    paths,
    ...(bearer
      ? {
          components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
          security: [{ bearer: [] }],
        }
      : {}),
  };
}
