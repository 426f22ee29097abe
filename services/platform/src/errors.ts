import type { ErrorRequestHandler, RequestHandler } from "express";
import { ZodError } from "zod";
import type { Logger } from "pino";

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

/** RFC 9457 problem details for every error; unknown errors are logged and answered with a bare 500. */
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
