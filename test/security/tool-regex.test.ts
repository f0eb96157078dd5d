// The agent's glob and grep patterns cannot hold the workspace hostage: they run on RE2 in linear time, with caps on
// pattern size, line length and work per call, and an interrupt stops a search between two slices.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AgentObject } from "../../src/agent/agent-object";
import { executeFileTool, type FileBackend, fileBackend } from "../../src/tools/file-tools";
import { allEvents, api, createAgent, createEnvironment, lucidClient, waitForStatus } from "../fixtures/lucid";
import { receivedRequests, scriptReplies, type SimReply, textReply } from "../fixtures/simulator";
import { stepHostOf, tenantOf } from "../fixtures/agent-object";

const client = lucidClient();
const ask = (text: string) => [{ type: "user.message" as const, content: [{ type: "text" as const, text }] }];
const call = (name: string, input: Record<string, unknown>): SimReply => ({ type: "message", content: [{ type: "tool_use", name, input }] });

type ToolResult = { is_error: boolean; content: { text: string }[] };

async function fileAgent(replies: SimReply[] = []) {
  const agent = await createAgent(client, { tools: [{ type: "agent_toolset_20260401" }] });
  if (replies.length) await scriptReplies(agent.id, replies);
  return agent;
}

/** A session whose workspace holds `files` before the agent is asked anything. */
async function sessionWithFiles(agentId: string, files: Record<string, string>) {
  const environment = await createEnvironment(client);
  const session = await client.beta.sessions.create({ agent: agentId, environment_id: environment.id });
  for (const [path, body] of Object.entries(files)) {
    const response = await api(`/v1/sessions/${session.id}/workspace/files${path}`, { method: "PUT", body, headers: { "content-type": "text/plain" } });
    expect(response.ok, path).toBe(true);
  }
  return session;
}

/** Asks the agent to run its scripted tool calls and returns their results once the session is idle again. */
async function runTools(agentId: string, replies: SimReply[], files: Record<string, string> = {}) {
  await scriptReplies(agentId, [...replies, textReply("Done.")]);
  const session = await sessionWithFiles(agentId, files);
  await client.beta.sessions.events.send(session.id, { events: ask("Search the workspace.") });
  await waitForStatus(client, session.id, ["idle"]);
  const results = (await allEvents(client, session.id)).filter((event) => event.type === "agent.tool_result") as unknown as ToolResult[];
  return results.map((result) => ({ is_error: result.is_error, text: result.content.map((block) => block.text).join("") }));
}

describe("glob and grep patterns run in linear time", () => {
  it("answers (a+)+$ over a long line of a's ending in another character, which backtracking never finishes", async () => {
    const agent = await fileAgent();
    const [result] = await runTools(agent.id, [call("grep", { pattern: "(a+)+$" })], { "/long.txt": `${"a".repeat(5_000)}!\naaaa\n` });
    expect(result).toEqual({ is_error: false, text: "/long.txt:2: aaaa" });
  });

  it("answers a glob of many stars over a long path of a's, alone and as a grep's filter", async () => {
    const agent = await fileAgent();
    const stars = `${"*a".repeat(14)}*b`;
    const results = await runTools(agent.id, [call("glob", { pattern: stars }), call("grep", { pattern: "x", glob: stars })], {
      [`/${"a".repeat(200)}`]: "x\n",
    });
    expect(results).toEqual([
      { is_error: false, text: "(no files match)" },
      { is_error: false, text: "(no matches)" },
    ]);
  });
});

describe("refused patterns", () => {
  it("say what RE2 lacks and how to write the pattern instead", async () => {
    const agent = await fileAgent();
    const patterns = ["(a)\\1", "(?<w>a)\\k<w>", "x(?=y)", "(?<!x)y", "\\u0041", "a{1000}b{1000}c{1000}", "x".repeat(1_001)];
    const results = await runTools(agent.id, [...patterns.map((pattern) => call("grep", { pattern })), call("glob", { pattern: "*".repeat(1_001) })], {
      "/notes.md": "aa xy\n",
    });
    expect(results.map((result) => result.is_error)).toEqual(Array(8).fill(true));
    const texts = results.map((result) => result.text);
    expect(texts[0]).toMatch(/RE2 regular expressions.*linear in the text.*no backreferences \(\\1, \\k<name>\)/);
    expect(texts[1]).toMatch(/no backreferences/);
    expect(texts[2]).toMatch(/no lookahead or lookbehind/);
    expect(texts[3]).toMatch(/no lookahead or lookbehind/);
    expect(texts[4]).toMatch(/not a valid RE2 regular expression: invalid escape sequence: `\\u`.*write \\x\{41\} for \\u0041/);
    expect(texts[5]).toMatch(/too complex: it compiles to \d+ instructions, more than 2,000/);
    expect(texts[6]).toMatch(/Invalid input for grep: pattern: .*1000/);
    expect(texts[7]).toMatch(/Invalid input for glob: pattern: .*1000/);
  });
});

describe("search caps", () => {
  it("searches a very long line only in its beginning, and says so", async () => {
    const agent = await fileAgent();
    const [result] = await runTools(agent.id, [call("grep", { pattern: "needle" })], { "/bundle.js": `${"x".repeat(300_000)}needle\nneedle here\n` });
    expect(result).toEqual({
      is_error: false,
      text: "/bundle.js:2: needle here\n(1 line longer than 262,144 bytes was searched only in its first 262,144 bytes)",
    });
  });

  it("stops a costly pattern when it has spent its steps, and says where", async () => {
    const agent = await fileAgent();
    // About 1,500 instructions: every byte searched costs that many steps, so the steps of one call cover ~45 kB.
    const costly = "needle|z{750}y{750}";
    const filler = "haystack ".repeat(11).concat("\n").repeat(300);
    const [result] = await runTools(agent.id, [call("grep", { pattern: costly })], { "/a.txt": `needle one\n${filler}`, "/b.txt": `${filler}needle two\n` });
    expect(result!.is_error).toBe(false);
    expect(result!.text).toMatch(/^\/a\.txt:1: needle one\n\(searching stopped in \/b\.txt at line \d+: a grep searches at most 67,108,864 steps/);
  });

  it("returns at most 200 matching lines", async () => {
    const agent = await fileAgent();
    const hits = Array.from({ length: 250 }, (_, index) => `hit ${index + 1}`).join("\n");
    const [result] = await runTools(agent.id, [call("grep", { pattern: "^hit" })], { "/hits.txt": hits });
    const lines = result!.text.split("\n");
    expect(lines).toHaveLength(201);
    expect(lines[199]).toBe("/hits.txt:200: hit 200");
    expect(lines[200]).toBe("(the first 200 matches; more may exist: narrow path, glob or pattern)");
  });
});

describe("interrupting a search", () => {
  /** Runs a grep as its step would, counting the workspace calls; the step is aborted after `abortAfter` of them. */
  async function grepCountingSlices(agentId: string, sessionId: string, abortAfter: number | null) {
    return runInDurableObject(env.AGENT.getByName(agentId), async (instance: AgentObject) => {
      const controller = new AbortController();
      const backend = fileBackend(env, tenantOf(instance), instance.rpc.sessionWorkspace(tenantOf(instance), agentId, sessionId), sessionId);
      let slices = 0;
      const counting: FileBackend = {
        ...backend,
        grep: async (...args) => {
          const slice = await backend.grep(...args);
          if (++slices === abortAfter) controller.abort();
          return slice;
        },
      };
      const outcome = await executeFileTool("grep", { pattern: "needle" }, counting, "toolu_search", controller.signal);
      return { outcome, slices };
    });
  }

  it("stops a grep between two slices once its step is aborted", async () => {
    const agent = await fileAgent();
    const block = `${"haystack line\n".repeat(80_000)}needle\n`;
    const session = await sessionWithFiles(agent.id, { "/a.txt": block, "/b.txt": block, "/c.txt": block });

    const whole = await grepCountingSlices(agent.id, session.id, null);
    expect(whole.slices).toBeGreaterThan(1);
    expect(whole.outcome.content).toBe(["/a.txt:80001: needle", "/b.txt:80001: needle", "/c.txt:80001: needle"].join("\n"));

    const interrupted = await grepCountingSlices(agent.id, session.id, 1);
    expect(interrupted.slices).toBe(1);
    expect(interrupted.outcome).toEqual({ is_error: true, content: expect.stringMatching(/interrupted/) });
  });

  it("runs no built-in tool for a step already aborted", async () => {
    const agent = await fileAgent();
    const session = await sessionWithFiles(agent.id, {});
    const aborted = AbortSignal.abort();
    const toolUse = { id: "sevt_write", type: "agent.tool_use", name: "write", input: { file_path: "/never.md", content: "x" } };
    const outcome = await runInDurableObject(env.AGENT.getByName(agent.id), (instance: AgentObject) =>
      stepHostOf(instance).runBuiltinTool(session.id, toolUse as never, aborted),
    );
    expect(outcome).toEqual({ is_error: true, content: expect.stringMatching(/interrupted/) });
    expect((await api(`/v1/sessions/${session.id}/workspace/files/never.md`)).status).toBe(404);
  });

  it("ends a long grep on user.interrupt: the session goes idle with the interrupt recorded and answers what comes next", async () => {
    const agent = await fileAgent([call("grep", { pattern: "a[ab]{60}[^ab]" }), textReply("Redirected answer.")]);
    // Lines of a's and b's, on which the pattern's DFA gives up and its NFA runs: seconds of work for a whole grep.
    let seed = 14;
    const line = () => Array.from({ length: 80 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) & 1024 ? "a" : "b")).join("");
    const block = Array.from({ length: 4_096 }, line).join("\n");
    const files = { "/data/0.txt": block.repeat(6), "/data/1.txt": block.repeat(6) };
    const session = await sessionWithFiles(agent.id, files);

    await client.beta.sessions.events.send(session.id, { events: ask("Find the pattern.") });
    const deadline = Date.now() + 10_000;
    // Polled back to back, without a timer: while the grep runs, its slices keep the isolate busy and a timer waits
    // for the grep's end, but each request here gets its turn between two slices.
    while (!(await allEvents(client, session.id)).some((event) => event.type === "agent.tool_use")) {
      if (Date.now() > deadline) throw new Error("the grep was never called");
    }
    await client.beta.sessions.events.send(session.id, { events: [{ type: "user.interrupt" }, ...ask("Never mind.")] });
    await waitForStatus(client, session.id, ["idle"]);

    const events = await allEvents(client, session.id);
    expect(events.map((event) => event.type)).toContain("user.interrupt");
    expect(events.filter((event) => event.type === "agent.tool_result")).toEqual([]);
    expect(JSON.stringify(events.filter((event) => event.type === "agent.message").at(-1))).toContain("Redirected answer.");
    const lastRequest = (await receivedRequests(session.id)).at(-1)!;
    expect(JSON.stringify(lastRequest.body.messages)).toMatch(/"tool_result".*interrupted/);
  });
});
