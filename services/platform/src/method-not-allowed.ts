import type { RequestHandler, Response, Router } from "express";
import { AppError } from "./errors.js";

/** What Express 5's router keeps per route; its own types do not export the stack. */
interface RouteLayer {
  match(path: string): boolean;
  route?: { methods: Record<string, boolean> };
}

/** The methods the router's routes take for a path, HEAD included wherever GET is. */
function methodsFor(router: Router, path: string): string[] {
  const methods = new Set<string>();
  for (const layer of router.stack as unknown as RouteLayer[]) {
    if (!layer.route || !layer.match(path)) continue;
    for (const [method, takes] of Object.entries(layer.route.methods)) if (takes) methods.add(method.toUpperCase());
  }
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}

/** 405 with Allow (RFC 9110): the resource exists, and these are the methods it takes. */
export function methodNotAllowedError(res: Response, method: string, methods: string[]): AppError {
  res.set("allow", methods.join(", "));
  return new AppError("method-not-allowed", `${method} is not allowed here`, 405, [
    { name: "method", reason: `allowed: ${methods.join(", ")}` },
  ]);
}

/**
 * After a service's routes: a path they know, asked with a method none of them takes, is 405 with
 * Allow (RFC 9110), not 404, so that a client learns the resource exists and what it may do to it.
 */
export function methodNotAllowed(routes: Router): RequestHandler {
  return (req, res, next) => {
    const methods = methodsFor(routes, req.path);
    next(methods.length === 0 ? undefined : methodNotAllowedError(res, req.method, methods));
  };
}
