// Gives every request an id, returned in the `request-id` header as the Anthropic API does.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";

export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const id = `req_${crypto.randomUUID().replaceAll("-", "")}`;
  c.set("requestId", id);
  await next();
  c.res.headers.set("request-id", id);
});
