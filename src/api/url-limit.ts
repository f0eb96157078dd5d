// Refuses over-long request URLs with an Anthropic-shaped 414, before authentication or any route reads them.
import { createMiddleware } from "hono/factory";
import { MAX_URL_CHARS } from "../schemas/limits";
import { ApiError } from "../platform/errors";
import type { AppEnv } from "./app-env";

export const limitRequestUrl = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  const length = url.pathname.length + url.search.length;
  if (length > MAX_URL_CHARS) {
    throw new ApiError("invalid_request_error", `The request URL is ${length} characters long; the API accepts at most ${MAX_URL_CHARS}.`, {}, 414);
  }
  await next();
});
