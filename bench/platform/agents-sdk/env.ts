// The bindings and settings the Agents SDK baseline Worker receives (see wrangler.toml).
import type { SessionAgent } from "./session-agent";

export interface Env {
  SessionAgent: DurableObjectNamespace<SessionAgent>;
  /** Any Messages-compatible endpoint; the benchmark points it at the simulator. */
  ANTHROPIC_BASE_URL: string;
  ANTHROPIC_API_KEY: string;
}
