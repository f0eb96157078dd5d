// Starts Lucid beside the Messages API simulator with `wrangler dev` (as `npm start` does), on fresh local state, for the benchmark harness.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";

export interface LocalLucid {
  url: string;
  dispose(): Promise<void>;
}

const STATE_DIR = ".cache/bench-state";
const ENV_FILE = ".cache/bench.env";

/**
 * Settings go in an env file rather than on the command line, so an API key never shows in the process list.
 * With `ANTHROPIC_API_KEY` set, Lucid calls the real API; without it, the simulator answers.
 */
export async function startLocalLucid(settings: { adminKey: string; reflectionDelayMs: number; port: number; anthropicApiKey?: string }): Promise<LocalLucid> {
  rmSync(STATE_DIR, { recursive: true, force: true });
  mkdirSync(".cache", { recursive: true });
  const vars = { LUCID_ADMIN_KEY: settings.adminKey, LUCID_REFLECTION_DELAY_MS: String(settings.reflectionDelayMs), LUCID_RETRY_BASE_MS: "200" };
  const lines = Object.entries({ ...vars, ...(settings.anthropicApiKey ? { ANTHROPIC_API_KEY: settings.anthropicApiKey } : {}) }).map(([key, value]) => `${key}=${value}`);
  writeFileSync(ENV_FILE, `${lines.join("\n")}\n`, { mode: 0o600 });
  const args = ["dev", "-c", "wrangler.toml", "-c", "src/sim/wrangler.toml", "--ip", "127.0.0.1", "--port", String(settings.port)];
  const child = spawn("node_modules/.bin/wrangler", [...args, "--persist-to", STATE_DIR, "--env-file", ENV_FILE, "--show-interactive-dev-session=false", "--log-level", "warn"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    detached: true,
  });
  const url = `http://127.0.0.1:${settings.port}`;
  await waitUntilHealthy(url, child);
  return { url, dispose: () => stop(child).finally(() => rmSync(ENV_FILE, { force: true })) };
}

async function waitUntilHealthy(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    const healthy = await fetch(`${url}/healthz`).then((response) => response.ok, () => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Lucid did not start on ${url} within ${timeoutMs / 1000} s`);
}

/** wrangler runs workerd as its child; the whole group it leads is stopped, and nothing else. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-child.pid, "SIGTERM");
  return exited;
}
