import type { ErrorRequestHandler, RequestHandler } from "express";
import { ZodError } from "zod";
import type { Logger } from "pino";
import { isTransient } from "./transient.js";

export interface InvalidParam {
  name: string;
  reason: string;
}

/** An error the service means to answer with: an HTTP status and a stable code. */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly invalidParams: InvalidParam[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const PROBLEM_TYPE = "https://firebreak.dev/problems/";

function problem(res: Parameters<ErrorRequestHandler>[2], status: number, body: Record<string, unknown>): void {
  res
    .status(status)
    .type("application/problem+json")
    .json({ status, ...body });
}

function fromZod(error: ZodError): AppError {
  const invalidParams = error.issues.map((issue) => ({
    name: issue.path.join(".") || "(body)",
    reason: issue.message,
  }));
  const names = invalidParams.map((param) => param.name).join(", ");
  return new AppError("invalid-request", `invalid field(s): ${names}`, 400, invalidParams);
}

/**
 * body-parser fails with http-errors: a 4xx status and a type such as "entity.too.large" or
 * "encoding.unsupported". They are the caller's fault, so they are answered with that status.
 */
function fromBodyParser(error: unknown): AppError | undefined {
  const { status, type, message, limit } = error as {
    status?: unknown;
    type?: unknown;
    message?: string;
    limit?: unknown;
  };
  if (typeof type !== "string" || typeof status !== "number" || status < 400 || status >= 500) return undefined;
  const invalidParams = [{ name: "(body)", reason: message ?? type }];
  return status === 413
    ? new AppError("payload-too-large", `the request body is larger than ${String(limit)} bytes`, 413, invalidParams)
    : new AppError("unreadable-body", "the request body could not be read", status, invalidParams);
}

/**
 * RFC 9457 problem details for every error. A dependency that is unreachable or past its deadline is a
 * 503 with Retry-After, so that a client knows to try again; anything else unknown is logged and
 * answered with a bare 500.
 */
export function problemDetails(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    let appError: AppError | undefined;
    if (error instanceof AppError) appError = error;
    else if (error instanceof ZodError) appError = fromZod(error);
    else if (error instanceof SyntaxError && "body" in error) {
      appError = new AppError("malformed-json", "the request body is not valid JSON", 400, [
        { name: "(body)", reason: error.message },
      ]);
    } else appError = fromBodyParser(error);
    if (!appError && isTransient(error)) {
      logger.warn({ err: error, path: req.path }, "dependency unavailable");
      res.set("retry-after", "1");
      return problem(res, 503, {
        type: `${PROBLEM_TYPE}dependency-unavailable`,
        title: "a dependency of this service is unavailable; try again",
      });
    }
    if (!appError) {
      logger.error({ err: error, path: req.path }, "unhandled error");
      return problem(res, 500, { type: `${PROBLEM_TYPE}internal`, title: "internal error" });
    }
    problem(res, appError.status, {
      type: `${PROBLEM_TYPE}${appError.code}`,
      title: appError.message,
      ...(appError.invalidParams.length > 0 ? { "invalid-params": appError.invalidParams } : {}),
    });
  };
}

export const notFound: RequestHandler = (req, _res, next) =>
  next(new AppError("not-found", `no route for ${req.method} ${req.path}`, 404));
