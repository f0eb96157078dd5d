// The AgentObject's core: a transcript write runs the hooks that watch what it appended inside its transaction (all of
// it kept, or none), leaves the others alone, and runs what the hooks leave for after commit once the events are stored.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AgentCore } from "../../src/agent/agent-core";
import { allWork, putWork } from "../../src/schedule/work-schedule";
import { readEvents } from "../../src/transcript/event-log";
import { createAgent, createEnvironment, lucidClient } from "../fixtures/lucid";

const client = lucidClient();

/** An agent with one idle session, and a core of its own over the agent's storage. */
async function idleSession() {
  const agent = await createAgent(client);
  const environment = await createEnvironment(client);
  const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
  return { stub: env.AGENT.getByName(agent.id), sessionId: session.id };
}

const message = (text: string) => ({ content: [{ type: "text" as const, text }] });

describe("the AgentObject's core", () => {
  it("runs a hook inside the transcript's transaction: a hook that fails leaves neither the events nor its writes", async () => {
    const { stub, sessionId } = await idleSession();
    await runInDurableObject(stub, (_instance, state) => {
      const core = new AgentCore(state, env);
      let fail = false;
      core.register({
        hooks: [
          {
            types: ["agent.message"],
            inTransaction: (ref) => {
              putWork(state.storage.sql, "session_reflection", ref, Date.now() + 60_000);
              if (fail) throw new Error("the hook failed");
              return undefined;
            },
          },
        ],
      });
      const before = readEvents(state.storage.sql, sessionId).length;

      core.record(sessionId, (append) => append("agent.message", message("kept")));
      expect(readEvents(state.storage.sql, sessionId)).toHaveLength(before + 1);
      expect(allWork(state.storage.sql).filter((work) => work.kind === "session_reflection")).toHaveLength(1);

      state.storage.sql.exec("DELETE FROM schedule");
      fail = true;
      expect(() => core.record(sessionId, (append) => append("agent.message", message("lost")))).toThrow("the hook failed");
      expect(readEvents(state.storage.sql, sessionId)).toHaveLength(before + 1);
      expect(allWork(state.storage.sql)).toHaveLength(0);
    });
  });

  it("calls a hook only for the types it watches, with those events, and runs its after-commit once they are stored", async () => {
    const { stub, sessionId } = await idleSession();
    await runInDurableObject(stub, (_instance, state) => {
      const core = new AgentCore(state, env);
      const seen: string[][] = [];
      const storedAfterCommit: number[] = [];
      core.register({
        hooks: [
          {
            types: ["session.status_idle"],
            inTransaction: (_ref, events) => {
              seen.push(events.map((event) => event.type));
              return () => storedAfterCommit.push(readEvents(state.storage.sql, sessionId).length);
            },
          },
        ],
      });

      core.record(sessionId, (append) => append("agent.message", message("no status change")));
      expect(seen).toEqual([]);

      const appended = core.record(sessionId, (append) => {
        append("agent.message", message("done"));
        append("session.status_idle", { stop_reason: { type: "end_turn" }, stop_details: null });
      });
      expect(seen).toEqual([["session.status_idle"]]);
      expect(storedAfterCommit).toEqual([readEvents(state.storage.sql, sessionId).length]);
      expect(appended.map((event) => event.type)).toEqual(["agent.message", "session.status_idle"]);
    });
  });

  it("refuses two runners for one kind of due work", async () => {
    const { stub } = await idleSession();
    await runInDurableObject(stub, (_instance, state) => {
      const core = new AgentCore(state, env);
      core.register({ work: { agent_dream: async () => undefined } });
      expect(() => core.register({ work: { agent_dream: async () => undefined } })).toThrow("two capabilities run 'agent_dream' work");
    });
  });
});
