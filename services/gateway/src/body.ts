import express from "express";

export const BODY_LIMIT = "64kb";

/** The body as the caller sent it, as bytes, for the service to parse: the gateway never re-encodes it. */
export const bodyBytes = express.raw({ type: () => true, limit: BODY_LIMIT });
