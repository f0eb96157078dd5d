// The Lucid Worker: wires the API routes, middleware and the Durable Object classes; no logic of its own.
import { Hono } from "hono";
import type { AppEnv } from "./api/app-env";
import { authenticate } from "./api/auth";
import { handleError, handleNotFound } from "./api/error-handler";
import { requestId } from "./api/request-id";
import { agentRoutes } from "./api/routes/agents";
import { apiKeyRoutes } from "./api/routes/api-keys";
import { environmentRoutes } from "./api/routes/environments";
import { eventRoutes } from "./api/routes/events";
import { memoryRoutes } from "./api/routes/memories";
import { memoryBundleRoutes } from "./api/routes/memory-bundles";
import { memorySearchRoutes } from "./api/routes/memory-search";
import { memoryStoreRoutes } from "./api/routes/memory-stores";
import { memoryVersionRoutes } from "./api/routes/memory-versions";
import { sessionRoutes } from "./api/routes/sessions";
import { dreamRoutes } from "./api/routes/dreams";
import { deploymentRoutes } from "./api/routes/deployments";
import { deploymentRunRoutes } from "./api/routes/deployment-runs";
import { webhookRoutes } from "./api/routes/webhooks";
import { workspaceFileRoutes } from "./api/routes/workspace-files";
import { threadRoutes } from "./api/routes/threads";
import type { Env } from "./env";
import type { WebhookDeliveryMessage } from "./webhooks/delivery-message";
import { handleWebhookBatch } from "./webhooks/webhook-queue";

export { AgentObject } from "./agent/agent-object";
export { DirectoryObject } from "./directory/directory-object";
export { MemoryStoreObject } from "./memory/memory-store-object";
export { DreamObject } from "./dreaming/dream-object";
export { WorkspaceObject } from "./workspace/workspace-object";
export { OrchestratorObject } from "./multiagent/orchestrator-object";

const app = new Hono<AppEnv>()
  .use(requestId)
  .get("/healthz", (c) => c.json({ status: "ok" }))
  .use("/v1/*", authenticate)
  .route("/v1/api_keys", apiKeyRoutes)
  .route("/v1/agents", agentRoutes)
  .route("/v1/environments", environmentRoutes)
  .route("/v1/sessions", sessionRoutes)
  .route("/v1/sessions", eventRoutes)
  .route("/v1/sessions", workspaceFileRoutes)
  .route("/v1/sessions", threadRoutes)
  .route("/v1/memory_stores", memoryStoreRoutes)
  .route("/v1/memory_stores", memoryRoutes)
  .route("/v1/memory_stores", memoryVersionRoutes)
  .route("/v1/memory_stores", memorySearchRoutes)
  .route("/v1/memory_stores", memoryBundleRoutes)
  .route("/v1/dreams", dreamRoutes)
  .route("/v1/deployments", deploymentRoutes)
  .route("/v1/deployment_runs", deploymentRunRoutes)
  .route("/v1/webhooks", webhookRoutes);

app.onError(handleError);
app.notFound(handleNotFound);

export default {
  fetch: app.fetch,
  queue: (batch, env) => handleWebhookBatch(batch, env),
} satisfies ExportedHandler<Env, WebhookDeliveryMessage>;
