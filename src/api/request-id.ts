// Gives every request an id, returned in the `request-id` header as the Anthropic API does.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";

export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const id = `req_${crypto.randomUUID().replaceAll("-", "")}`;
  c.set("requestId", id);
  await next();
  // Responses passed through from a Durable Object (streams, WebSocket upgrades) have immutable headers.
  const { res } = c;
  const response = new Response(res.body, { status: res.status, statusText: res.statusText, headers: res.headers, webSocket: res.webSocket });
  response.headers.set("request-id", id);
  c.res = undefined;
  c.res = response;
});
