// Starts Lucid beside the Messages API simulator with `wrangler dev` (as `npm start` does), on fresh local state, for the learning benchmark.
import { type LocalWorker, startWorker } from "../shared/wrangler-dev";

/** With `ANTHROPIC_API_KEY` set, Lucid calls the real API; without it, the simulator answers. */
export function startLocalLucid(settings: { adminKey: string; reflectionDelayMs: number; port: number; anthropicApiKey?: string }): Promise<LocalWorker> {
  const vars = { LUCID_ADMIN_KEY: settings.adminKey, LUCID_REFLECTION_DELAY_MS: String(settings.reflectionDelayMs), LUCID_RETRY_BASE_MS: "200" };
  return startWorker({
    name: "learning",
    configs: ["wrangler.toml", "src/sim/wrangler.toml"],
    port: settings.port,
    vars: { ...vars, ...(settings.anthropicApiKey ? { ANTHROPIC_API_KEY: settings.anthropicApiKey } : {}) },
    readyPath: "/healthz",
  });
}
