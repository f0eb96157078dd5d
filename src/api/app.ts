// The HTTP API as one Hono app: middleware, then the routes of each resource; tests enumerate its routes.
import { Hono } from "hono";
import { HealthStatus } from "../schemas/health";
import type { AppEnv } from "./app-env";
import { authenticate } from "./auth";
import { credentialScope } from "./credential-scope";
import { limitRequestBody } from "./body-limit";
import { servedOpenApiDocument } from "./openapi-document";
import { answer, operation } from "./operation";
import { cors } from "./cors";
import { handleError, handleNotFound } from "./error-handler";
import { rateLimit } from "./rate-limit";
import { requestId } from "./request-id";
import { limitRequestUrl } from "./url-limit";
import { agentArchiveRoutes } from "./routes/agent-archive";
import { agentMcpServerRoutes } from "./routes/agent-mcp-servers";
import { agentRoutes } from "./routes/agents";
import { apiKeyRoutes } from "./routes/api-keys";
import { environmentKeyRoutes } from "./routes/environment-keys";
import { environmentRoutes } from "./routes/environments";
import { environmentWorkRoutes } from "./routes/environment-work";
import { eventRoutes } from "./routes/events";
import { memoryRoutes } from "./routes/memories";
import { memoryBundleRoutes } from "./routes/memory-bundles";
import { memorySearchRoutes } from "./routes/memory-search";
import { memoryStoreRoutes } from "./routes/memory-stores";
import { memoryVersionRoutes } from "./routes/memory-versions";
import { sessionRoutes } from "./routes/sessions";
import { dreamRoutes } from "./routes/dreams";
import { deploymentRoutes } from "./routes/deployments";
import { deploymentRunRoutes } from "./routes/deployment-runs";
import { secretRoutes } from "./routes/secrets";
import { webhookRoutes } from "./routes/webhooks";
import { workspaceFileRoutes } from "./routes/workspace-files";
import { threadRoutes } from "./routes/threads";
import { vaultCredentialRoutes } from "./routes/vault-credentials";
import { vaultRoutes } from "./routes/vaults";

export const app = new Hono<AppEnv>()
  .use(requestId)
  .get(
    "/healthz",
    operation({
      operationId: "checkHealth",
      summary: "Check that Lucid answers",
      tag: "Service",
      extension: true,
      public: true,
      responses: { 200: HealthStatus },
    }),
    (c) => answer(c, { status: "ok" }),
  )
  .use("/v1/*", cors)
  .use("/v1/*", limitRequestUrl)
  // Public, before authentication: the document describes the API, not any tenant's data.
  .get(
    "/v1/openapi.json",
    operation({
      operationId: "getOpenApiDocument",
      summary: "This OpenAPI 3.1 document",
      tag: "Service",
      extension: true,
      public: true,
      responses: { 200: { description: "The OpenAPI document, generated from the zod schemas.", content: { "application/json": { type: "object" } } } },
    }),
    (c): Promise<Response> => servedOpenApiDocument(app, c.env.ASSETS, c.req.url),
  )
  .use("/v1/*", authenticate)
  .use("/v1/*", credentialScope)
  .use("/v1/*", rateLimit)
  .use("/v1/*", limitRequestBody)
  .route("/v1/api_keys", apiKeyRoutes)
  .route("/v1/agents", agentArchiveRoutes)
  .route("/v1/agents", agentMcpServerRoutes)
  .route("/v1/agents", agentRoutes)
  .route("/v1/environments", environmentRoutes)
  .route("/v1/environments", environmentWorkRoutes)
  .route("/v1/environments", environmentKeyRoutes)
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
  .route("/v1/vaults", vaultRoutes)
  .route("/v1/vaults", vaultCredentialRoutes)
  .route("/v1/webhooks", webhookRoutes)
  .route("/v1/secrets", secretRoutes);

app.onError(handleError);
app.notFound(handleNotFound);
