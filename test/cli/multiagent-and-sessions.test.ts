import { describe, expect, it } from "vitest";
import type { Agent } from "../../client/index";
import type { Session } from "../../src/schemas/session";
import { lucidClient, startSession, waitForStatus } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";
import { jsonOf, lucid, ndjsonOf } from "./cli-harness";

const client = lucidClient();

async function team(): Promise<{ specialists: Agent[]; coordinator: Agent }> {
  const specialists: Agent[] = [];
  for (const name of ["Planner", "Analyst"]) {
    specialists.push(
      jsonOf<Agent>(await lucid(["agents", "create", "--name", name, "--description", `The ${name}.`, "--toolset", "--reflection", "off", "--json"])),
    );
  }
  const roster = specialists.map((agent) => agent.id).join(",");
  const coordinator = jsonOf<Agent>(
    await lucid(["agents", "create", "--name", "Lead", "--toolset", "--reflection", "off", "--roster", roster, "--max-parallel", "2", "--json"]),
  );
  return { specialists, coordinator };
}

describe("lucid multiagent", () => {
  it("follows a coordinator's threads as appended lines, ending with every thread idle and its reply", async () => {
    const { coordinator } = await team();
    expect(coordinator.multiagent).toMatchObject({ type: "coordinator", max_parallel: 2 });
    const session = await startSession(client, coordinator.id, "Write the launch plan.\nParts: Timeline; Budget; Risks");
    const live = await lucid(["multiagent", session.id]);
    expect(live.code).toBe(0);
    const threads = await client.beta.sessions.threads.list(session.id);
    expect(threads.data).toHaveLength(3);
    for (const thread of threads.data) {
      expect(live.stdout).toMatch(new RegExp(`^${thread.id}  (Planner|Analyst)  idle  .+$`, "m"));
    }
    // Lines are appended as statuses change: no terminal control sequences.
    expect(live.stdout).not.toContain("\x1b[");

    // Once the coordinator is idle, the table is printed once, as it stands.
    const after = jsonOf<{ type: string; coordinator: string; threads: { id: string; lucid_state: string; reply: string | null }[] }>(
      await lucid(["multiagent", session.id, "--json"]),
    );
    expect(after).toMatchObject({ type: "lucid.cli.threads", coordinator: "idle" });
    expect(after.threads.map((thread) => thread.lucid_state)).toEqual(["idle", "idle", "idle"]);
    expect(after.threads.every((thread) => thread.reply)).toBe(true);
  }, 60_000);

  it("redraws the table in place on a terminal", async () => {
    const { coordinator } = await team();
    const session = await startSession(client, coordinator.id, "Write the plan.\nParts: Scope; Cost");
    const live = await lucid(["multiagent", session.id], { isTTY: true });
    expect(live.code).toBe(0);
    expect(live.stdout).toMatch(/\x1b\[\d+A\x1b\[0J/);
    expect(live.stdout).toMatch(/coordinator idle · 2 threads\nTHREAD\s+AGENT\s+STATUS\s+REPLY\n/);
  }, 60_000);
});

describe("lucid sessions", () => {
  it("lists, shows and prints a session's transcript, and follows a running one to its end", async () => {
    const agent = jsonOf<Agent>(await lucid(["agents", "create", "--name", "Transcribed", "--reflection", "off", "--json"]));
    const run = await lucid(["run", agent.id, "Summarise the NDA."]);
    const sessionId = /session (sesn_\S+)/.exec(run.stdout)![1]!;

    expect((await lucid(["sessions", "list", "--agent", agent.id])).stdout).toMatch(
      new RegExp(`${sessionId}\\s+Transcribed\\s+idle\\s+end_turn\\s+Summarise the NDA\\.`),
    );
    const shown = await lucid(["sessions", "show", sessionId]);
    expect(shown.stdout).toMatch(new RegExp(`^${sessionId}  idle \\(end_turn\\)\n  agent\\s+${agent.id} Transcribed v1`));
    expect(shown.stdout).toMatch(/usage\s+\d+ input \/ \d+ output tokens/);
    expect(jsonOf<Session>(await lucid(["sessions", "show", sessionId, "--json"])).stop_reason).toEqual({ type: "end_turn" });

    const transcript = await lucid(["sessions", "events", sessionId]);
    expect(transcript.stdout).toMatch(/^> Summarise the NDA\.\n/m);
    expect(transcript.stdout).toContain('Simulated reply to: "Summarise the NDA."');
    const records = ndjsonOf(await lucid(["sessions", "events", sessionId, "--json"]));
    expect(records.map((record) => record.type)).toEqual(expect.arrayContaining(["user.message", "agent.message", "session.status_idle"]));

    // A session that is running (its reply is slow) is followed until it goes idle.
    await scriptReplies(agent.id, [{ ...textReply("The short summary."), delay_ms: 500 }]);
    await client.beta.sessions.events.send(sessionId, { events: [{ type: "user.message", content: [{ type: "text", text: "Shorter, please." }] }] });
    const followed = await lucid(["sessions", "events", sessionId, "--follow"]);
    expect(followed.code).toBe(0);
    expect(followed.stdout).toMatch(/> Shorter, please\.\n(.|\n)*The short summary\.\n/);
    expect(followed.stdout).toMatch(new RegExp(`✓ ${sessionId} idle`));
    await waitForStatus(client, sessionId, ["idle"]);
  });
});
