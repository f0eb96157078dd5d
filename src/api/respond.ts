// JSON responses for API objects; typed loosely on purpose, since the shapes were validated where they were built.
import type { Context } from "hono";

export function respond(c: Context, body: object): Response {
  return c.json(body as Record<string, never>);
}
