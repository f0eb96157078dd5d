// The Messages API simulator Worker, a deterministic stand-in for the Anthropic Messages API (see README.md): wires its routes.
import { Hono } from "hono";
import { controlRoutes } from "./control-routes";
import type { SimEnv } from "./env";
import { errorResponse } from "./errors";
import { messagesRoutes } from "./messages-routes";
import { simId } from "./sim-ids";

const app = new Hono<{ Bindings: SimEnv }>();

app.use(async (c, next) => {
  await next();
  c.res.headers.set("request-id", simId("req"));
});
app.route("/", messagesRoutes);
app.route("/", controlRoutes);
app.notFound(() => errorResponse(404, "not_found_error", "Not Found"));
app.onError((error) => errorResponse(500, "api_error", error.message));

export default app;
export { SimScriptObject } from "./sim-script-object";
