// Turns every failure into an Anthropic-shaped error body with the right status and the request id; never a stack trace.
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ApiError, echoed } from "../platform/errors";
import type { AppEnv } from "./app-env";

function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  return c.json(error.toBody(), error.status as ContentfulStatusCode);
}

export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ApiError) return errorResponse(c, error);
  console.error(`request ${c.get("requestId")} failed`, error);
  return errorResponse(c, new ApiError("api_error", `Internal server error (request ${c.get("requestId")}).`));
};

export const handleNotFound: NotFoundHandler<AppEnv> = (c) =>
  errorResponse(c, new ApiError("not_found_error", `No route for ${c.req.method} ${echoed(new URL(c.req.url).pathname)}.`));
