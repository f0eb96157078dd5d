// The Messages API routes of the simulator: POST /v1/messages and POST /v1/messages/count_tokens.
import { Hono } from "hono";
import { defaultReply } from "./default-policy";
import type { SimEnv } from "./env";
import { errorResponse, invalidRequest } from "./errors";
import { replyResponse } from "./reply-response";
import { CountTokensRequest, MessagesRequest } from "./request-schema";
import { validateRequest } from "./request-validation";
import { scriptKeysOf } from "./script-key";
import { simScripts } from "./sim-script-object";
import { estimatePrompt, inputUsage, prefixHash } from "./usage-estimate";

export const messagesRoutes = new Hono<{ Bindings: SimEnv }>();

/** Any key is accepted, but like the real API a request without one is refused. */
messagesRoutes.use("/v1/*", async (c, next) => {
  const bearer = /^Bearer\s+\S/i.test(c.req.header("authorization") ?? "");
  if (!c.req.header("x-api-key") && !bearer) return errorResponse(401, "authentication_error", "x-api-key header is required");
  await next();
});

messagesRoutes.post("/v1/messages", async (c) => {
  const body: unknown = await c.req.json().catch(() => undefined);
  const validation = validateRequest(MessagesRequest, body);
  if (!validation.success) return invalidRequest(validation.message);
  const request = validation.data;
  const estimate = estimatePrompt(request);
  const userId = request.metadata?.user_id ?? "";
  const { reply, cachePrefixSeen } = await simScripts(c.env).takeReply({
    keys: scriptKeysOf(userId),
    body: JSON.stringify(body),
    cacheScope: userId,
    cachePrefixHash: estimate.cachedPrefix && (await prefixHash(estimate.cachedPrefix.json)),
  });
  return replyResponse(reply ?? defaultReply(request), request, inputUsage(estimate, cachePrefixSeen));
});

messagesRoutes.post("/v1/messages/count_tokens", async (c) => {
  const validation = validateRequest(CountTokensRequest, await c.req.json().catch(() => undefined));
  if (!validation.success) return invalidRequest(validation.message);
  return c.json({ input_tokens: estimatePrompt(validation.data).tokens });
});
