import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { lucidClient, startSession, waitForEvents, waitForStatus } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";
import {
  coordinatorFanningOut,
  createCoordinator,
  createSpecialists,
  events,
  maxOverlap,
  openThreadsAndWait,
  runInterval,
  toolCalls,
  waitResults,
} from "../fixtures/multiagent";

const client = lucidClient();

describe("a coordinator's threads", () => {
  it("opens 20 threads at once, runs them concurrently, and gets every result in its wait", async () => {
    const { specialists, coordinator } = await coordinatorFanningOut(client, 20, {
      task: (index) => `Do part ${index + 1}.`,
      reply: "All twenty parts are in.",
    });
    for (const [index, agent] of specialists.entries()) await scriptReplies(agent.id, [textReply(`Part ${index + 1} done.`, { delay_ms: 1_500 })]);

    const session = await startSession(client, coordinator.id, "Split the work.");
    await waitForStatus(client, session.id, ["idle"], 30_000);

    const [wait] = await waitResults(client, session.id);
    expect(wait!.threads).toHaveLength(20);
    expect(wait!.threads.map((thread) => thread.reply).sort()).toEqual(specialists.map((_, index) => `Part ${index + 1} done.`).sort());
    expect(wait!.threads.every((thread) => thread.status === "idle" && !thread.failed)).toBe(true);

    const intervals = await Promise.all(wait!.threads.map((thread) => runInterval(client, thread.thread_id)));
    expect(maxOverlap(intervals)).toBe(20);

    const coordinatorEvents = await events(client, session.id);
    const count = (type: string) => coordinatorEvents.filter((event) => event.type === type).length;
    expect(count("session.thread_created")).toBe(20);
    expect(count("agent.thread_message_sent")).toBe(20);
    expect(count("session.thread_status_running")).toBe(20);
    expect(count("session.thread_status_idle")).toBe(20);
    expect(count("agent.thread_message_received")).toBe(20);
    expect(JSON.stringify(coordinatorEvents.at(-2))).toContain("All twenty parts are in.");
  });

  it("never runs more threads at once than max_parallel; the rest wait their turn", async () => {
    const { specialists, coordinator } = await coordinatorFanningOut(client, 7, { task: "Your part.", reply: "Done.", config: { max_parallel: 3 } });
    for (const agent of specialists) await scriptReplies(agent.id, [textReply("ok", { delay_ms: 400 })]);

    const session = await startSession(client, coordinator.id, "Split the work.");
    await waitForStatus(client, session.id, ["idle"], 30_000);
    const [wait] = await waitResults(client, session.id);
    expect(wait!.threads).toHaveLength(7);
    const intervals = await Promise.all(wait!.threads.map((thread) => runInterval(client, thread.thread_id)));
    expect(maxOverlap(intervals)).toBe(3);
  });

  it("reports a failed thread in the wait, and the coordinator may open it again", async () => {
    const [specialist] = await createSpecialists(client, 1);
    const coordinator = await createCoordinator(client, [specialist!.id]);
    const attempt = { agent_id: specialist!.id, task: "Try it." };
    await scriptReplies(coordinator.id, [openThreadsAndWait(attempt), openThreadsAndWait(attempt), textReply("Second try worked.")]);
    // A request the model API refuses terminates the session; the retry succeeds.
    await scriptReplies(specialist!.id, [{ type: "error", status: 400, message: "bad request" }, textReply("Worked this time.")]);

    const session = await startSession(client, coordinator.id, "Go.");
    await waitForStatus(client, session.id, ["idle"], 20_000);
    const [first, second] = await waitResults(client, session.id);
    expect(first!.threads).toEqual([expect.objectContaining({ status: "terminated", failed: true })]);
    const retried = second!.threads.find((thread) => thread.thread_id !== first!.threads[0]!.thread_id);
    expect(retried).toMatchObject({ status: "idle", failed: false, reply: "Worked this time." });
    const coordinatorEvents = await events(client, session.id);
    expect(coordinatorEvents.filter((event) => event.type === "session.thread_status_terminated")).toHaveLength(1);
  });

  it("interrupting the coordinator stops every thread: running ones interrupted, queued ones canceled", async () => {
    const { specialists, coordinator } = await coordinatorFanningOut(client, 3, { task: "Take your time.", config: { max_parallel: 2 } });
    for (const agent of specialists) await scriptReplies(agent.id, [textReply("too late", { delay_ms: 10_000 })]);

    const session = await startSession(client, coordinator.id, "Go.");
    const running = (await waitForEvents(client, session.id, "session.thread_status_running", 2)).map((event) => String(event.session_thread_id));
    expect(running).toHaveLength(2);

    await client.beta.sessions.events.send(session.id, { events: [{ type: "user.interrupt" }] });
    await waitForStatus(client, session.id, ["idle"]);
    for (const threadId of running) await waitForStatus(client, threadId, ["idle"]);

    const threads = await client.beta.sessions.threads.list(session.id);
    const states = threads.data.map((thread) => (thread as unknown as { lucid_state: string }).lucid_state).sort();
    expect(states).toEqual(["canceled", "idle", "idle"]);
    const canceled = threads.data.find((thread) => (thread as unknown as { lucid_state: string }).lucid_state === "canceled")!;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const terminated = (await events(client, session.id)).filter((event) => event.type === "session.thread_status_terminated");
    expect(terminated.map((event) => event.session_thread_id)).toEqual([canceled.id]);
    for (const threadId of running) {
      const threadEvents = await events(client, threadId);
      expect(threadEvents.some((event) => event.type === "user.interrupt")).toBe(true);
      expect(threadEvents.some((event) => event.type === "agent.message")).toBe(false);
    }
    // Nothing hangs and nothing arrives late: the interrupt answered the wait.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await client.beta.sessions.retrieve(session.id)).status).toBe("idle");
    expect(await waitResults(client, session.id)).toHaveLength(0);
  });

  it("a message that wakes a finished thread waits for a slot like any queued thread", async () => {
    const [first, second] = await createSpecialists(client, 2);
    const coordinator = await createCoordinator(client, [first!.id, second!.id], { max_parallel: 1 });
    await scriptReplies(coordinator.id, [openThreadsAndWait({ agent_id: first!.id, task: "Draft it." }, { agent_id: second!.id, task: "Check it." })]);
    await scriptReplies(first!.id, [textReply("Draft done."), textReply("Revised.", { delay_ms: 300 })]);
    await scriptReplies(second!.id, [textReply("Checked.", { delay_ms: 800 }), textReply("Checked again.", { delay_ms: 800 })]);
    const session = await startSession(client, coordinator.id, "Go.");

    // While the second thread runs, script the coordinator's next turn: another check, and a message to the first thread.
    let firstThread: string | undefined;
    const deadline = Date.now() + 10_000;
    while (!firstThread && Date.now() < deadline) {
      firstThread = (await events(client, session.id)).find((event) => event.type === "session.thread_created" && event.agent_name === first!.name)
        ?.session_thread_id as string | undefined;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await scriptReplies(coordinator.id, [
      toolCalls(
        { name: "open_thread", input: { agent_id: second!.id, task: "Check it again." } },
        { name: "message_thread", input: { thread_id: firstThread!, message: "Revise it." } },
        { name: "wait_for_threads", input: {} },
      ),
      textReply("All done."),
    ]);
    await waitForStatus(client, session.id, ["idle"], 30_000);

    const [, second_wait] = await waitResults(client, session.id);
    expect(second_wait!.threads.find((thread) => thread.thread_id === firstThread)!.reply).toBe("Revised.");
    const runs: [number, number][] = [];
    for (const thread of (await client.beta.sessions.threads.list(session.id)).data) runs.push(...(await allRuns(thread.id)));
    expect(runs).toHaveLength(4);
    expect(maxOverlap(runs)).toBe(1);
  });
});

describe("deleting a coordinator session", () => {
  it("interrupts its running threads and clears its orchestrator; the threads' late reports are acknowledged", async () => {
    const [specialist] = await createSpecialists(client, 1);
    const coordinator = await createCoordinator(client, [specialist!.id]);
    await scriptReplies(coordinator.id, [
      toolCalls({ name: "open_thread", input: { agent_id: specialist!.id, task: "Take your time." } }),
      textReply("I will check on it later."),
    ]);
    await scriptReplies(specialist!.id, [textReply("too late", { delay_ms: 5_000 })]);
    const session = await startSession(client, coordinator.id, "Start it.");
    await waitForStatus(client, session.id, ["idle"]);
    const [thread] = (await client.beta.sessions.threads.list(session.id)).data;
    await waitForStatus(client, thread!.id, ["running"]);

    await client.beta.sessions.delete(session.id);
    await waitForStatus(client, thread!.id, ["idle"]);
    expect((await events(client, thread!.id)).some((event) => event.type === "user.interrupt")).toBe(true);
    const orchestrator = env.ORCHESTRATOR.getByName(session.id);
    expect(await runInDurableObject(orchestrator, (_instance, state) => state.storage.sql.exec("SELECT COUNT(*) AS n FROM threads").one().n)).toBe(0);
    // The thread's report of its interrupt reaches an orchestrator with no coordinator, which acknowledges it.
    const specialistObject = env.AGENT.getByName(specialist!.id);
    const deadline = Date.now() + 10_000;
    let left = 1;
    while (left > 0 && Date.now() < deadline) {
      left = await runInDurableObject(
        specialistObject,
        (_instance, state) => state.storage.sql.exec("SELECT COUNT(*) AS n FROM schedule WHERE kind = 'thread_callback'").one().n as number,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(left).toBe(0);
  });
});

/** Every run of a thread's session: each status_running to the idle or terminated that follows it. */
async function allRuns(threadId: string): Promise<[number, number][]> {
  const runs: [number, number][] = [];
  let start: number | null = null;
  for (const event of await events(client, threadId)) {
    if (event.type === "session.status_running") start = Date.parse(event.processed_at!);
    if ((event.type === "session.status_idle" || event.type === "session.status_terminated") && start !== null) {
      runs.push([start, Date.parse(event.processed_at!)]);
      start = null;
    }
  }
  return runs;
}
