// A walk-through section of the README, run as written: its shell lines in order (for "Tools on your machine": the
// environment, its key, `npm run worker`, an agent, `lucid run`; for "Connect your systems (MCP)": the example MCP
// server, a vault and its token, an agent, `lucid run`), with only the ids and the key each command printed put where
// the README writes `env_…` and `sk-lucid-…`, servers left running, and the output it promises (its `# →` lines)
// checked against what the command before them printed.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { Fixture } from "./fixture";

const COMMAND_TIMEOUT_MS = 60_000;
/** Commands that run until stopped, as in a terminal of their own: started, left running, stopped at the end. */
const LONG_RUNNING = ["npm run worker", "examples/mcp-server.mjs"];

/** The section's shell blocks, each a list of lines, comments included. */
function sectionShellBlocks(readme: string, heading: string): string[][] {
  const start = readme.indexOf(heading);
  assert.ok(start >= 0, `README.md has a "${heading}" section`);
  const end = readme.indexOf("\n## ", start + heading.length);
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

/** The walk-through of the README's section `section` (its `## ` heading), run as written. */
export const readmeWalkthrough = (section: string) => (fx: Fixture) => runWalkthrough(fx, section);

async function runWalkthrough(fx: Fixture, section: string): Promise<void> {
  const blocks = sectionShellBlocks(readFileSync("README.md", "utf8"), section);
  assert.ok(blocks.length >= 2, "the section shows the set-up and a run");
  // The README talks to the local `npm start` address; this server has its own port. The admin key comes from
  // .dev.vars, as the README's reader has it.
  const env = { ...process.env, LUCID_URL: fx.server.baseURL };
  const found = new Map<string, string>();
  const fill = (line: string) => line.replaceAll("env_…", found.get("env_…") ?? "env_…").replaceAll("sk-lucid-…", found.get("sk-lucid-…") ?? "sk-lucid-…");
  const servers: ChildProcess[] = [];
  let serverOutput = "";
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
        if (LONG_RUNNING.some((long) => command.includes(long))) {
          // It runs until stopped, as in the README's terminal; its own process group, so the stop reaches node.
          const server = spawn("bash", ["-c", command], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
          server.stdout!.on("data", (chunk) => (serverOutput += chunk));
          server.stderr!.on("data", (chunk) => (serverOutput += chunk));
          servers.push(server);
          continue;
        }
        const { code, output } = await runShell(command, env);
        assert.equal(code, 0, `"${command}" (README line "${line}", block line ${index + 1}) exited 0:\n${output}\nservers:\n${serverOutput}`);
        last = { command, output };
        const environmentId = /\benv_[0-9a-z]+\b/.exec(output)?.[0];
        if (!found.has("env_…") && environmentId) found.set("env_…", environmentId);
        const key = /\bsk-lucid-\S+/.exec(output)?.[0];
        if (!found.has("sk-lucid-…") && key) found.set("sk-lucid-…", key);
      }
    }
    assert.ok(servers.length > 0, "the section starts what its commands talk to (a worker, an MCP server)");
    assert.match(last.output, /✓ \S+ idle/, "the last command's session ended its turn");
  } finally {
    for (const server of servers) if (server.pid !== undefined && server.exitCode === null) process.kill(-server.pid, "SIGTERM");
    const environmentId = found.get("env_…");
    if (environmentId) rmSync(path.join(".lucid", "worker", environmentId), { recursive: true, force: true });
  }
}
