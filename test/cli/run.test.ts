import { describe, expect, it } from "vitest";
import type { Agent } from "../../client/index";
import { CLEAR_LINE } from "../../cli/render/spinner";
import { clientWith, selfHostedEnvironment, takeWork } from "../fixtures/environment-work";
import { allEvents, lucidClient } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";
import { jsonOf, lucid, ndjsonOf } from "./cli-harness";

const client = lucidClient();

async function newAgent(...flags: string[]): Promise<Agent> {
  return jsonOf<Agent>(await lucid(["agents", "create", "--name", "Runner", "--reflection", "off", ...flags, "--json"]));
}

describe("lucid run", () => {
  it("exits 1 and says so when the session fails", async () => {
    const agent = await newAgent();
    await scriptReplies(agent.id, [{ type: "error", status: 400, message: "the prompt is malformed" }]);
    const run = await lucid(["run", agent.id, "Draft the letter."]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/! \w+: .*the prompt is malformed.* \(terminal\)/);
    expect(run.stdout).toMatch(/■ session terminated\n✗ sesn_\S+ terminated · 1 step/);
  });

  it("shows tool calls as compact lines, working on a workspace seeded from a local folder", async () => {
    const agent = await newAgent("--toolset");
    await scriptReplies(agent.id, [
      { type: "message", content: [{ type: "tool_use", name: "read", input: { file_path: "/brief.md" } }] },
      { type: "message", content: [{ type: "tool_use", name: "write", input: { file_path: "/letter.md", content: "Dear Acme,\nWe renew." } }] },
      textReply("The letter is in /letter.md."),
    ]);
    const files = new Map([["work/brief.md", "Renew the Acme contract."]]);
    const run = await lucid(["run", agent.id, "Write the letter from the brief.", "--workspace", "work"], { files });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("· workspace: 1 file from work");
    expect(run.stdout).toContain('→ read(file_path: "/brief.md")');
    expect(run.stdout).toMatch(/ {2}✓ .*Renew the Acme contract\./);
    expect(run.stdout).toContain('→ write(file_path: "/letter.md", content: "Dear Acme, We renew.")');
    expect(run.stdout).toMatch(/The letter is in \/letter\.md\.\n {2}\[step 3 · 3 steps · /);
    const sessionId = /session (sesn_\S+)/.exec(run.stdout)![1]!;
    const page = await client.beta.sessions.events.list(sessionId, {});
    expect(page.data.filter((event) => event.type === "agent.tool_result").every((event) => !("is_error" in event && event.is_error))).toBe(true);
  });

  it("starts the session in the environment given, and shows the results a self-hosted environment's worker sends", async () => {
    const { environment, environmentKey } = await selfHostedEnvironment("cli machine");
    const agent = await newAgent("--toolset");
    await scriptReplies(agent.id, [
      { type: "message", content: [{ type: "tool_use", name: "bash", input: { command: "uname -s" } }] },
      textReply("It is Linux."),
    ]);
    const running = lucid(["run", agent.id, "Which system is this?", "--environment", environment.id]);
    // The worker's side: the call is handed out through the queue, and its output comes back as user.tool_result.
    const { item, token } = await takeWork(environment.id, environmentKey);
    const toolUse = (await allEvents(client, item.data.id)).find((event) => event.type === "agent.tool_use")!;
    await clientWith(token).beta.sessions.events.send(item.data.id, {
      events: [{ type: "user.tool_result", tool_use_id: toolUse.id, content: [{ type: "text", text: "Linux" }] }],
    });
    const run = await running;
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`· session ${item.data.id}`);
    expect(run.stdout).toContain('→ bash(command: "uname -s")');
    expect(run.stdout).toMatch(/ {2}✓ Linux\n/);
    expect((await client.beta.sessions.retrieve(item.data.id)).environment_id).toBe(environment.id);
  });

  it("refuses --environment with --session: the session already has its environment", async () => {
    const run = await lucid(["run", "Runner", "Go on.", "--session", "sesn_x", "--environment", "env_x"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--environment starts a session: it does not go with --session");
  });

  it("holds the work to a rubric, showing each verdict, and exits 0 once it is satisfied", async () => {
    const agent = await newAgent();
    await scriptReplies(agent.id, [textReply("Draft one: each party is liable for its own acts."), textReply("Draft two: each party gives an indemnity.")]);
    const run = await lucid(["run", agent.id, "Draft the liability clause.", "--rubric", '- The clause names "indemnity"']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/◇ outcome: Draft the liability clause\./);
    expect(run.stdout).toMatch(/◆ outcome needs_revision \(iteration 0\)/);
    expect(run.stdout).toMatch(/◆ outcome satisfied \(iteration 1\)/);
    expect(run.stdout).toMatch(/✓ The clause names "indemnity"/);
    expect(run.stdout).toMatch(/idle · 2 steps · .* · outcome satisfied\n$/);
  });

  it("exits 1 when the rubric is never met", async () => {
    const agent = await newAgent();
    await scriptReplies(agent.id, [textReply("Draft one."), textReply("Understood.")]);
    const run = await lucid(["run", agent.id, "Draft the liability clause.", "--rubric", '- The clause names "indemnity"', "--max-iterations", "1"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ The clause names "indemnity" — /);
    expect(run.stdout).toMatch(/outcome max_iterations_reached\n$/);
  });

  it("prints NDJSON with --json: every event, then a summary", async () => {
    const agent = await newAgent();
    const run = await lucid(["run", agent.id, "Say hello.", "--json"]);
    expect(run.code).toBe(0);
    const records = ndjsonOf(run);
    const types = records.map((record) => record.type);
    expect(types).toContain("user.message");
    expect(types).toContain("agent.message");
    expect(types).toContain("session.status_idle");
    expect(records.at(-1)).toMatchObject({ type: "lucid.cli.summary", steps: 1, exit_code: 0, outcome_verdicts: [] });
  });

  it("draws a spinner while waiting for the model only on a terminal", async () => {
    const agent = await newAgent();
    await scriptReplies(agent.id, [{ ...textReply("Slow hello."), delay_ms: 300 }]);
    const tty = await lucid(["run", agent.id, "Say hello slowly."], { isTTY: true });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/⠋ waiting for the model · step 1/);
    expect(tty.stdout).toContain(CLEAR_LINE);
    const piped = await lucid(["run", agent.id, "Say hello."]);
    expect(piped.stdout).not.toContain("waiting for the model");
    expect(piped.stdout).not.toContain(CLEAR_LINE);
  });

  it("is a usage error when --max-iterations comes without --rubric", async () => {
    const run = await lucid(["run", "agent_x", "hi", "--max-iterations", "2"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--max-iterations goes with --rubric/);
  });
});
