// Cross-origin access from browsers: only origins listed in LUCID_CORS_ORIGINS; every other foreign origin is refused.
import { createMiddleware } from "hono/factory";
import { ApiError } from "../platform/errors";
import type { AppEnv } from "./app-env";

const ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
const ALLOWED_HEADERS = [
  "x-api-key",
  "authorization",
  "content-type",
  "anthropic-version",
  "anthropic-beta",
  "last-event-id",
  "if-match",
  "if-none-match",
].join(", ");
const EXPOSED_HEADERS = ["request-id", "retry-after", "etag", "x-lucid-version", "x-lucid-written-by", "x-lucid-written-at"].join(", ");
const PREFLIGHT_MAX_AGE_SECONDS = "600";

/** The configured origins, normalised the way browsers send `Origin` (scheme://host[:port], no slash, lower case). */
export function allowedOrigins(setting: string | undefined): Set<string> {
  const origins = (setting ?? "").split(",").map((origin) => origin.trim().replace(/\/+$/, "").toLowerCase());
  return new Set(origins.filter((origin) => origin !== ""));
}

/**
 * Requests without `Origin` (servers, the CLI, the SDK) and same-origin ones (the dashboard the Worker serves) pass
 * untouched. A foreign origin must be listed: listed, it gets CORS headers and preflights are answered; unlisted,
 * its preflight gets no allowance and its requests are refused before any key is checked, whatever key they carry,
 * since a page that holds a tenant key leaks it as surely as one holding the admin key.
 */
export const cors = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header("origin");
  if (!origin || origin === new URL(c.req.url).origin) return next();
  const allowed = allowedOrigins(c.env.LUCID_CORS_ORIGINS).has(origin.toLowerCase());
  const preflight = c.req.method === "OPTIONS" && c.req.header("access-control-request-method") !== undefined;
  if (preflight) {
    if (!allowed) return c.body(null, 403, { vary: "Origin" });
    return c.body(null, 204, {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": ALLOWED_METHODS,
      "access-control-allow-headers": ALLOWED_HEADERS,
      "access-control-max-age": PREFLIGHT_MAX_AGE_SECONDS,
      vary: "Origin",
    });
  }
  if (!allowed) {
    throw new ApiError(
      "permission_error",
      `Requests from the browser origin '${origin}' are not allowed. An operator can allow it by adding it to LUCID_CORS_ORIGINS.`,
    );
  }
  await next();
  // Responses passed through from a Durable Object (streams) have immutable headers, so the response is rebuilt.
  const { res } = c;
  const response = new Response(res.body, { status: res.status, statusText: res.statusText, headers: res.headers, webSocket: res.webSocket });
  response.headers.set("access-control-allow-origin", origin);
  response.headers.set("access-control-expose-headers", EXPOSED_HEADERS);
  response.headers.append("vary", "Origin");
  c.res = undefined;
  c.res = response;
});
