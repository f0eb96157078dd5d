// Worker entry of the Agents SDK baseline: the SDK's own router sends /agents/session-agent/{name}/... to one
// SessionAgent per conversation, which answers POST .../turn and GET .../storage (see README.md).
import { routeAgentRequest } from "agents";
import type { Env } from "./env";

export { SessionAgent } from "./session-agent";

export default {
  async fetch(request, env) {
    const routed = await routeAgentRequest(request, env);
    return routed ?? Response.json({ type: "error", error: { type: "not_found_error", message: "Not found." } }, { status: 404 });
  },
} satisfies ExportedHandler<Env>;
