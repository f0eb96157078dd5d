// Runs Workers locally with `wrangler dev` (workerd through Miniflare), each on its own fresh state, for the benchmark harnesses.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

export interface LocalWorker {
  url: string;
  /** Where Miniflare keeps this worker's Durable Object storage (`--persist-to`). */
  stateDir: string;
  dispose(): Promise<void>;
}

export interface WorkerLaunch {
  /** Names the state folder and env file under `.cache/`. */
  name: string;
  /** wrangler config files; the first one's worker is served on `port`. */
  configs: string[];
  port: number;
  vars?: Record<string, string>;
  /** Answers (any status below 500) once the worker is ready. */
  readyPath: string;
}

const INSPECTOR_PORT_OFFSET = 10_000;

/**
 * Settings go in an env file rather than on the command line, so an API key never shows in the process list.
 * State starts empty on every launch: a benchmark never reads an earlier run's data.
 */
export async function startWorker(launch: WorkerLaunch): Promise<LocalWorker> {
  // Absolute, because wrangler resolves these paths from the config's folder, not from where it was started.
  const stateDir = resolve(`.cache/bench-state/${launch.name}`);
  const envFile = resolve(`.cache/bench-${launch.name}.env`);
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  const lines = Object.entries(launch.vars ?? {}).map(([key, value]) => `${key}=${value}`);
  writeFileSync(envFile, `${lines.join("\n")}\n`, { mode: 0o600 });
  const configs = launch.configs.flatMap((config) => ["-c", config]);
  // Each instance gets its own inspector port: they would all default to 9229, and only the first would start.
  const ports = ["--port", String(launch.port), "--inspector-port", String(launch.port + INSPECTOR_PORT_OFFSET)];
  const args = ["dev", ...configs, "--ip", "127.0.0.1", ...ports, "--persist-to", stateDir, "--env-file", envFile];
  const child = spawn("node_modules/.bin/wrangler", [...args, "--show-interactive-dev-session=false", "--log-level", "warn"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    detached: true,
  });
  const url = `http://127.0.0.1:${launch.port}`;
  try {
    await waitUntilReady(`${url}${launch.readyPath}`, child);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return { url, stateDir, dispose: () => stop(child).finally(() => rmSync(envFile, { force: true })) };
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    const ready = await fetch(url).then(
      (response) => response.status < 500,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** wrangler runs workerd as its child; the whole group it leads is stopped, and nothing else. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-child.pid, "SIGTERM");
  return exited;
}
