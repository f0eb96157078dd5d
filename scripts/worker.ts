// `npm run worker -- --environment <id>`: the official SDK's EnvironmentWorker for one self-hosted environment of
// Lucid. It polls the environment's work queue with an environment key and runs the toolset calls (bash, read, write,
// edit, glob, grep) of the sessions it claims in .lucid/worker/<environment id>, where the memory stores of a session
// also appear (memory/<store>/) and are synced back. `--sandbox` re-runs it under bubblewrap, with that directory the
// only place it can write. Bundled by esbuild, the SDK included, so the sandbox needs only node and this one file.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync } from "node:fs";
import { userInfo } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Anthropic from "@anthropic-ai/sdk";

const DEFAULT_LUCID_URL = "http://127.0.0.1:8787";
/** Set inside the sandbox, so the worker runs there instead of starting another one. */
const SANDBOXED = "LUCID_WORKER_SANDBOXED";

const USAGE = `Usage: LUCID_ENVIRONMENT_KEY=<key> npm run worker -- --environment <id> [--sandbox] [--workdir <dir>]

Runs the toolset calls (bash, read, write, edit, glob, grep) of a self-hosted environment's sessions on this machine.

  --environment <id>  the self-hosted environment whose work queue it polls (env_…)
  --sandbox           run under bubblewrap: the work directory is the only writable place
  --workdir <dir>     where the tools work (default .lucid/worker/<environment id>)

Environment: LUCID_ENVIRONMENT_KEY (required), LUCID_URL (default ${DEFAULT_LUCID_URL}), ANTHROPIC_LOG (default info).`;

/** How to get what the worker needs: a self-hosted environment and one of its keys. */
const SETUP = `Create them with the command line (from the Lucid folder it uses the local admin key; else set LUCID_API_KEY):
  npx lucid environments create --self-hosted --name <name>   # prints the environment's id
  npx lucid environments key <environment id>                 # prints its key, once`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: { environment: { type: "string" }, sandbox: { type: "boolean" }, workdir: { type: "string" }, help: { type: "boolean" } },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`);
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const environmentId = values.environment;
if (!environmentId) fail(`--environment <id> is required.\n\n${USAGE}\n\n${SETUP}`);
const environmentKey = process.env.LUCID_ENVIRONMENT_KEY;
if (!environmentKey) fail(`No environment key: set LUCID_ENVIRONMENT_KEY to a key of ${environmentId}.\n\n${SETUP}`);
// An API or admin key would reach far more than this environment's work; the worker takes only what it needs.
if (!/^sk-lucid-[^.]+\.envkey_[^.]+\.\S+$/.test(environmentKey)) {
  fail(`LUCID_ENVIRONMENT_KEY is not an environment key (sk-lucid-<tenant>.envkey_<id>.<secret>).\n\n${SETUP}`);
}
const baseURL = process.env.LUCID_URL ?? DEFAULT_LUCID_URL;
const workdir = path.resolve(values.workdir ?? path.join(".lucid", "worker", environmentId));
mkdirSync(workdir, { recursive: true });

/** The console, less the SDK's per-request lines (`[log_…, request-id: …] get … succeeded with status 200`). */
const withoutRequestLines = {
  error: console.error,
  warn: console.warn,
  info: (message: string, ...rest: unknown[]) => {
    if (!message.startsWith("[log_")) console.log(message, ...rest);
  },
  debug: console.debug,
};

/**
 * A worker that died (killed, its machine restarted) leaves the memory folders of its sessions behind, and the SDK
 * refuses to mount a store over a folder that exists, failing every later session with that store. They are moved
 * aside, kept for a person to look at (they may hold changes that were never synced), instead.
 */
function setAsideLeftoverMemory(): void {
  const memory = path.join(workdir, "memory");
  if (!existsSync(memory) || readdirSync(memory).length === 0) return;
  const aside = path.join(workdir, `memory-left-over-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  renameSync(memory, aside);
  console.warn(`Moved the memory folders a stopped worker left behind to ${aside}: any changes in them were not synced.`);
}

async function runWorker(): Promise<void> {
  // The tools' programs inherit this process's environment less ANTHROPIC_*: the key must not be there for bash to read.
  delete process.env.LUCID_ENVIRONMENT_KEY;
  // ANTHROPIC_LOG=debug shows everything the SDK logs; by default its own lines (claimed work, executing tool, …) but not
  // the line it logs for every HTTP request, a poll every few seconds.
  const client = new Anthropic(
    process.env.ANTHROPIC_LOG ? { baseURL, apiKey: environmentKey } : { baseURL, apiKey: environmentKey, logLevel: "info", logger: withoutRequestLines },
  );
  const stop = new AbortController();
  let signals = 0;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      // The first signal lets the worker finish its teardown (a memory flush, releasing its work item); a second one
      // does not wait.
      if (++signals > 1) process.exit(130);
      console.log(`${signal}: stopping (again to stop at once).`);
      stop.abort();
    });
  }
  const sandboxed = process.env[SANDBOXED] === "1";
  if (sandboxed) {
    // Signals do not cross bubblewrap's PID namespace: the process outside asks for a stop by closing our stdin.
    process.stdin.on("end", () => stop.abort());
    process.stdin.resume();
  }
  setAsideLeftoverMemory();
  const user = userInfo();
  console.log(`Lucid worker for environment ${environmentId} at ${baseURL}`);
  console.log(`Tools run in ${workdir}`);
  console.log(
    sandboxed
      ? "Sandboxed by bubblewrap: only the work directory is writable."
      : `bash runs as ${user.username} (uid ${user.uid}) with all of that user's rights; for untrusted work use --sandbox, a container or a VM.`,
  );
  try {
    await client.beta.environments.work.worker({ environmentId, environmentKey, workdir }).run(stop.signal);
    console.log("Worker stopped.");
  } catch (error) {
    if (stop.signal.aborted) return console.log("Worker stopped.");
    if (error instanceof Anthropic.APIError && (error.status === 401 || error.status === 403)) {
      fail(`Lucid refused the environment key (${error.status}): it may have been revoked, or belong to another environment.\n\n${SETUP}`);
    }
    if (error instanceof Anthropic.APIError && error.status === 404) fail(`Lucid has no environment ${environmentId}.`);
    if (error instanceof Anthropic.APIError && error.status === 400) fail(`Lucid refused to poll ${environmentId}: ${error.message}`);
    throw error;
  } finally {
    process.stdin.destroy();
  }
}

/** Runs this script again under bubblewrap: system directories and node read-only, the work directory writable. */
async function runInSandbox(workdir: string): Promise<number> {
  if (spawnSync("bwrap", ["--version"], { stdio: "ignore" }).error) {
    fail(
      "--sandbox needs bubblewrap (bwrap), which is not on PATH. Install it (Debian, Ubuntu: sudo apt-get install bubblewrap;\n" +
        "Fedora: sudo dnf install bubblewrap), or run the worker in a container or a VM.",
    );
  }
  const script = path.resolve(process.argv[1]!);
  const nodeDirectory = path.dirname(process.execPath);
  const systemDirectories = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"].flatMap((directory) => {
    if (!existsSync(directory)) return [];
    // Merged-/usr systems make /bin and /lib links into /usr: the same links inside.
    if (lstatSync(directory).isSymbolicLink()) return ["--symlink", readlinkSync(directory), directory];
    return ["--ro-bind", directory, directory];
  });
  const args = [
    "--die-with-parent",
    // Its own user, PID, IPC and UTS namespaces; the network stays, so it reaches Lucid.
    "--unshare-all",
    "--share-net",
    ...systemDirectories,
    ...["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"],
    ...["--ro-bind", nodeDirectory, nodeDirectory, "--ro-bind", script, script],
    ...["--bind", workdir, workdir, "--chdir", workdir],
    ...["--setenv", "HOME", workdir, "--setenv", SANDBOXED, "1"],
    // The root bwrap builds the mounts on is a scratch tmpfs: read-only too, so nothing outside the binds is writable.
    ...["--remount-ro", "/"],
    "--",
    process.execPath,
    script,
    "--environment",
    environmentId!,
    "--workdir",
    workdir,
  ];
  const sandbox = spawn("bwrap", args, { stdio: ["pipe", "inherit", "inherit"] });
  // bwrap passes no signal on to the worker inside. A terminal's Ctrl-C reaches it anyway (the same process group); a
  // SIGTERM sent to this process becomes the closing of its stdin, so it still stops cleanly. A second one stops it now.
  let signals = 0;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => (++signals > 1 ? sandbox.kill("SIGKILL") : sandbox.stdin!.end()));
  }
  return await new Promise((resolve) => sandbox.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1))));
}

if (values.sandbox && process.env[SANDBOXED] !== "1") {
  process.exit(await runInSandbox(workdir));
}
await runWorker();
