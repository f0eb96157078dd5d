// Starts Lucid the way `npm start` does (dashboard build, wrangler dev, simulator) on its own port and a fresh state
// directory, waits until it answers, and stops the whole process group afterwards. Shared by the tests that drive a real
// Lucid from Node (test/browser, test/worker) and the dashboard benchmark.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync, rmSync } from "node:fs";

export type LucidServer = { baseURL: string; adminKey: string; logPath: string; stop: () => Promise<void> };

const STARTUP_TIMEOUT_MS = 120_000;

/** `vars`: Worker variables for this run (wrangler's `--var`), e.g. a test's shorter timeouts. */
export async function startLucid(options: { port: number; stateDir: string; logPath: string; vars?: Record<string, string> }): Promise<LucidServer> {
  rmSync(options.stateDir, { recursive: true, force: true });
  const log = createWriteStream(options.logPath);
  // Its own process group, so stopping it also stops wrangler and workerd beneath it.
  const vars = Object.entries(options.vars ?? {}).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  const child = spawn(process.execPath, ["scripts/start.mjs", "--persist-to", options.stateDir, ...vars], {
    env: { ...process.env, PORT: String(options.port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const baseURL = `http://127.0.0.1:${options.port}`;
  const server: LucidServer = { baseURL, adminKey: "", logPath: options.logPath, stop: () => stopGroup(child) };
  try {
    await waitForHealth(baseURL, child);
  } catch (error) {
    await server.stop();
    throw error;
  }
  // start.mjs creates .dev.vars from the example on first run; the key is whatever it holds now.
  server.adminKey = readAdminKey();
  return server;
}

function readAdminKey(): string {
  const line = readFileSync(".dev.vars", "utf8")
    .split("\n")
    .find((entry) => entry.startsWith("LUCID_ADMIN_KEY="));
  if (!line) throw new Error(".dev.vars has no LUCID_ADMIN_KEY");
  return line.slice("LUCID_ADMIN_KEY=".length).trim();
}

async function waitForHealth(baseURL: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Lucid exited with code ${child.exitCode} while starting`);
    try {
      const response = await fetch(`${baseURL}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Lucid did not answer ${baseURL}/healthz within ${STARTUP_TIMEOUT_MS / 1000} s`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid, "SIGTERM");
  const stillRunning = await Promise.race([exited.then(() => false), new Promise((resolve) => setTimeout(() => resolve(true), 10_000))]);
  if (stillRunning) process.kill(-child.pid, "SIGKILL");
}
