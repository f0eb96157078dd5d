// The simulator-only control API under /_sim/ (never part of the Messages API): queue scripted replies and read the request log.
import { Hono } from "hono";
import type { SimEnv } from "./env";
import { invalidRequest } from "./errors";
import { SimScript } from "./reply-schema";
import { describeIssues } from "./request-validation";
import { simScripts } from "./sim-script-object";

export const controlRoutes = new Hono<{ Bindings: SimEnv }>();

controlRoutes.post("/_sim/scripts", async (c) => {
  const parsed = SimScript.safeParse(await c.req.json().catch(() => undefined));
  if (!parsed.success) return invalidRequest(describeIssues(parsed.error));
  const { key, replies } = parsed.data;
  return c.json({ key, replies: await simScripts(c.env).enqueueReplies(key, replies) });
});

controlRoutes.get("/_sim/scripts/:key", async (c) => {
  const key = c.req.param("key");
  return c.json({ key, replies: await simScripts(c.env).listReplies(key) });
});

controlRoutes.delete("/_sim/scripts/:key", async (c) => {
  const key = c.req.param("key");
  await simScripts(c.env).clearReplies(key);
  return c.json({ key, replies: [] });
});

controlRoutes.get("/_sim/requests", async (c) => {
  const key = c.req.query("key");
  if (!key) return invalidRequest("key: the query parameter is required");
  return c.json({ data: await simScripts(c.env).listRequests(key) });
});
