// Session webhooks: once the events that announce a status change or a verdict are committed, they go out to the
// tenant's webhook endpoints (src/webhooks/).
import { emitSessionStatusWebhooks, WEBHOOK_ANNOUNCED_EVENT_TYPES } from "../../webhooks/session-status-events";
import type { AgentCapability, AgentCore } from "../agent-core";

export function sessionWebhooks(core: AgentCore) {
  return {
    hooks: [
      {
        types: WEBHOOK_ANNOUNCED_EVENT_TYPES,
        inTransaction: (sessionId, events) => () => core.ctx.waitUntil(emitSessionStatusWebhooks(core.env, core.tenantId(), sessionId, events)),
      },
    ],
  } satisfies AgentCapability;
}
