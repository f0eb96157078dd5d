// The workers the tests run: the official EnvironmentWorker in this process, or `npm run worker`'s script
// (.cache/worker.mjs, built by `npm run test:worker`) as a child process the tests can kill like a crashed machine.
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import Anthropic from "@anthropic-ai/sdk";
import type { Fixture, SelfHostedEnvironment } from "./fixture";

/** Where every worker of the run logs (the SDK's info lines), one line each with the worker's name. */
export const WORKER_LOG = ".cache/worker-e2e-workers.log";

/** A worker leaves a session this long after it ends its turn (the SDK's default, 60 s, would hold it a minute). */
const MAX_IDLE_MS = 1_500;

export type InProcessWorker = {
  /** What run() came to: resolves when stopped, rejects when the worker gave up (e.g. its key was refused). */
  finished: Promise<void>;
  stop: () => Promise<void>;
};

function logLine(name: string, level: string, message: string, rest: unknown[]): void {
  const detail = rest.length ? ` ${rest.map((item) => JSON.stringify(item)).join(" ")}` : "";
  appendFileSync(WORKER_LOG, `${new Date().toISOString()} [${name}] ${level} ${message}${detail}\n`);
}

export function startInProcessWorker(fx: Fixture, environment: SelfHostedEnvironment, name: string, workdir: string): InProcessWorker {
  const log =
    (level: string) =>
    (message: string, ...rest: unknown[]) =>
      logLine(name, level, message, rest);
  const client = new Anthropic({
    baseURL: fx.server.baseURL,
    apiKey: environment.key,
    logLevel: "info",
    logger: { error: log("error"), warn: log("warn"), info: log("info"), debug: log("debug") },
  });
  const abort = new AbortController();
  const worker = client.beta.environments.work.worker({
    environmentId: environment.environmentId,
    environmentKey: environment.key,
    workdir,
    workerId: name,
    maxIdleMs: MAX_IDLE_MS,
    // The SDK's floor: a file the agent writes into a memory store is uploaded within seconds.
    memorySyncIntervalMs: 5_000,
  });
  const finished = worker.run(abort.signal);
  // A test that expects the rejection awaits `finished` itself; none goes unhandled meanwhile.
  finished.catch(() => undefined);
  return {
    finished,
    stop: async () => {
      abort.abort();
      await finished.catch(() => undefined);
    },
  };
}

export type ChildWorker = { process: ChildProcess; output: () => string; crash: () => void };

/** `npm run worker`'s script on `workdir`, in its own process group; its output is kept for the assertions. */
export function startChildWorker(fx: Fixture, environment: SelfHostedEnvironment, workdir: string): ChildWorker {
  const child = spawn(process.execPath, [".cache/worker.mjs", "--environment", environment.environmentId, "--workdir", workdir], {
    env: { ...process.env, LUCID_URL: fx.server.baseURL, LUCID_ENVIRONMENT_KEY: environment.key },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr!.on("data", (chunk) => {
    output += chunk;
  });
  return {
    process: child,
    output: () => output,
    // A machine that dies takes everything with it: the worker and the bash session it started (in a process group
    // of its own, which a signal to the worker alone would leave running).
    crash: () => {
      for (const pid of descendantsOf(child.pid!)) process.kill(pid, "SIGKILL");
      child.kill("SIGKILL");
    },
  };
}

/** The pids of a process's children, their children, and so on (Linux /proc). */
function descendantsOf(pid: number): number[] {
  let children: number[];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return []; // It has just exited.
  }
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}
