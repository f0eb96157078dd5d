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
import { sessionRoutes } from "./api/routes/sessions";

export { AgentObject } from "./agent/agent-object";
export { DirectoryObject } from "./directory/directory-object";

const app = new Hono<AppEnv>()
  .use(requestId)
  .get("/healthz", (c) => c.json({ status: "ok" }))
  .use("/v1/*", authenticate)
  .route("/v1/api_keys", apiKeyRoutes)
  .route("/v1/agents", agentRoutes)
  .route("/v1/environments", environmentRoutes)
  .route("/v1/sessions", sessionRoutes)
  .route("/v1/sessions", eventRoutes);

app.onError(handleError);
app.notFound(handleNotFound);

export default app;
