// The Lucid Worker: wires the API app, the queue consumer and the Durable Object classes; no logic of its own.
import { app } from "./api/app";
import type { Env } from "./env";
import type { WebhookDeliveryMessage } from "./webhooks/delivery-message";
import { handleWebhookBatch } from "./webhooks/webhook-queue";

export { AgentObject } from "./agent/agent-object";
export { DirectoryObject } from "./directory/directory-object";
export { MemoryStoreObject } from "./memory/memory-store-object";
export { DreamObject } from "./dreaming/dream-object";
export { WorkspaceObject } from "./workspace/workspace-object";
export { OrchestratorObject } from "./multiagent/orchestrator-object";
export { EnvironmentObject } from "./environments/environment-object";
export { VaultObject } from "./vaults/vault-object";

export default {
  fetch: app.fetch,
  queue: (batch, env) => handleWebhookBatch(batch, env),
} satisfies ExportedHandler<Env, WebhookDeliveryMessage>;
