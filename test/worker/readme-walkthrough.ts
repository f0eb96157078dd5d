// The README's "Tools on your machine" section, run as written: its shell lines in order (the environment, its key,
// `npm run worker`, an agent, `lucid run`), with only the ids and the key each command printed put where the README
// writes `env_…` and `sk-lucid-…`, and the output it promises (its `# →` lines) checked against what `lucid run` printed.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { Fixture } from "./fixture";

const SECTION = "## Tools on your machine";
const COMMAND_TIMEOUT_MS = 60_000;

/** The section's shell blocks, each a list of lines, comments included. */
function sectionShellBlocks(readme: string): string[][] {
  const start = readme.indexOf(SECTION);
  assert.ok(start >= 0, `README.md has a "${SECTION}" section`);
  const end = readme.indexOf("\n## ", start + SECTION.length);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!.trimEnd().split("\n"));
}

/** A command line without its trailing comment (the README's `# → …` notes after a command). */
const commandOf = (line: string) => line.replace(/\s+#.*$/, "").trim();

/** A promised output line (`# → x` or `#   x`) as a pattern: `…` stands for anything. */
function promisedLine(comment: string): RegExp {
  const text = comment.replace(/^#\s?(→\s)?/, "");
  const escaped = text
    .split("…")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(escaped);
}

function runShell(line: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", line], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`"${line}" did not finish within ${COMMAND_TIMEOUT_MS / 1000} s:\n${output}`));
    }, COMMAND_TIMEOUT_MS);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export async function readmeWalkthroughRunsAsWritten(fx: Fixture): Promise<void> {
  const blocks = sectionShellBlocks(readFileSync("README.md", "utf8"));
  assert.ok(blocks.length >= 2, "the section shows the set-up and a run");
  // The README talks to the local `npm start` address; this server has its own port. The admin key comes from
  // .dev.vars, as the README's reader has it.
  const env = { ...process.env, LUCID_URL: fx.server.baseURL };
  const found = new Map<string, string>();
  const fill = (line: string) => line.replaceAll("env_…", found.get("env_…") ?? "env_…").replaceAll("sk-lucid-…", found.get("sk-lucid-…") ?? "sk-lucid-…");
  let worker: ChildProcess | undefined;
  let workerOutput = "";
  let last = { command: "", output: "" };
  try {
    for (const block of blocks) {
      for (const [index, line] of block.entries()) {
        if (line.startsWith("#")) {
          // A promise about the output of the command before it.
          assert.match(last.output, promisedLine(line), `"${last.command}" printed what the README says (${line})`);
          continue;
        }
        const command = fill(commandOf(line));
        assert.doesNotMatch(command, /…/, `every placeholder of "${line}" was printed by a command before it`);
        if (command.includes("npm run worker")) {
          // It runs until stopped, as in the README's terminal; its own process group, so the stop reaches node.
          worker = spawn("bash", ["-c", command], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
          worker.stdout!.on("data", (chunk) => (workerOutput += chunk));
          worker.stderr!.on("data", (chunk) => (workerOutput += chunk));
          continue;
        }
        const { code, output } = await runShell(command, env);
        assert.equal(code, 0, `"${command}" (README line "${line}", block line ${index + 1}) exited 0:\n${output}\nworker:\n${workerOutput}`);
        last = { command, output };
        const environmentId = /\benv_[0-9a-z]+\b/.exec(output)?.[0];
        if (!found.has("env_…") && environmentId) found.set("env_…", environmentId);
        const key = /\bsk-lucid-\S+/.exec(output)?.[0];
        if (!found.has("sk-lucid-…") && key) found.set("sk-lucid-…", key);
      }
    }
    assert.ok(worker, "the section starts a worker");
    assert.match(last.output, /✓ \S+ idle/, "the last command's session ended its turn");
  } finally {
    if (worker?.pid !== undefined && worker.exitCode === null) process.kill(-worker.pid, "SIGTERM");
    const environmentId = found.get("env_…");
    if (environmentId) rmSync(path.join(".lucid", "worker", environmentId), { recursive: true, force: true });
  }
}
