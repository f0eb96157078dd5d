import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { lucidClient, startSession, waitForEvents, waitForStatus } from "../fixtures/lucid";
import { receivedRequests, scriptReplies, textReply } from "../fixtures/simulator";
import { coordinatorFanningOut, events, waitResults } from "../fixtures/multiagent";

const client = lucidClient();

describe("orchestrator durability", () => {
  it("resumes from storage after a crash mid-start: no thread lost, none duplicated", async () => {
    const { specialists, coordinator } = await coordinatorFanningOut(client, 3, {
      task: "Your part.",
      reply: "All three are in.",
      config: { max_parallel: 2 },
    });
    // The first two run when the crash comes; the third is still waiting for a slot.
    for (const agent of specialists.slice(0, 2))
      await scriptReplies(agent.id, [textReply("lost with the crash", { delay_ms: 3_000 }), textReply("Part done.")]);
    await scriptReplies(specialists[2]!.id, [textReply("Part done.")]);
    const session = await startSession(client, coordinator.id, "Split the work.");
    await waitForEvents(client, session.id, "session.thread_status_running", 2);

    // Every object dies. The orchestrator is made to have died at the worst moment of starting its two running threads:
    // their sessions exist, but it never recorded that, so it must create them again and find them.
    await abortAllDurableObjects();
    const orchestrator = env.ORCHESTRATOR.getByName(session.id);
    await runInDurableObject(orchestrator, async (_instance, state) => {
      state.storage.sql.exec("UPDATE threads SET started = 0 WHERE status = 'running'");
      await state.storage.setAlarm(Date.now());
    });
    expect(await runDurableObjectAlarm(orchestrator)).toBe(true);
    // The specialists' steps died mid-call too; their alarms run them again.
    for (const agent of specialists) await runDurableObjectAlarm(env.AGENT.getByName(agent.id));
    await waitForStatus(client, session.id, ["idle"], 20_000);

    const [wait] = await waitResults(client, session.id);
    expect(wait!.threads.map((thread) => [thread.status, thread.reply])).toEqual([
      ["idle", "Part done."],
      ["idle", "Part done."],
      ["idle", "Part done."],
    ]);
    for (const agent of specialists) {
      const sessions = await client.beta.sessions.list({ agent_id: agent.id });
      expect(sessions.data).toHaveLength(1);
      const threadEvents = await events(client, sessions.data[0]!.id);
      expect(threadEvents.filter((event) => event.type === "user.message")).toHaveLength(1);
    }
    const all = await events(client, session.id);
    expect(new Set(all.map((event) => event.id)).size).toBe(all.length);
    for (const type of ["session.thread_created", "session.thread_status_running", "session.thread_status_idle", "agent.thread_message_received"]) {
      expect(
        all.filter((event) => event.type === type),
        type,
      ).toHaveLength(3);
    }
    expect(await receivedRequests(session.id)).toHaveLength(2);
    // Starting again found the sessions it had created: every thread is recorded as started, nothing is left to retry.
    const unstarted = await runInDurableObject(
      orchestrator,
      (_instance, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM threads WHERE started = 0").one().n,
    );
    expect(unstarted).toBe(0);
  });
});
