// Crashes of a multiagent session's orchestrator at each of its boundaries: after restart every thread runs once and
// the coordinator's transcript is the one a run without a crash writes.
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { agentIdOfSession } from "../../src/ids";
import { armCrash, CRASH_POINTS, type CrashPoint, disarmCrashes } from "../../src/faults/crash-points";
import { lucidClient, startSession } from "../fixtures/lucid";
import { receivedRequests, scriptReplies, textReply } from "../fixtures/simulator";
import { coordinatorFanningOut, events, waitResults } from "../fixtures/multiagent";
import { crashHappened } from "../fixtures/crashes";

const client = lucidClient();
const THREADS = 3;

type Event = Awaited<ReturnType<typeof events>>[number];

/** A coordinator that fans a task out to three specialists at once and waits for them all, and its session. */
async function fanOut() {
  const { specialists, coordinator } = await coordinatorFanningOut(client, THREADS, {
    task: (index) => `Write part ${index + 1}.`,
    reply: "All parts are in.",
    config: { max_parallel: THREADS },
  });
  for (const [index, agent] of specialists.entries()) await scriptReplies(agent.id, [textReply(`Part ${index + 1} written.`)]);
  const session = await startSession(client, coordinator.id, "Write the three parts.");
  return { specialists, coordinator, session };
}

/** Which specialist (by index) an event of the coordinator's transcript is about, or null for the coordinator's own. */
function threadOf(event: Event, threadIds: string[]): number | null {
  const id = event.session_thread_id ?? event.to_session_thread_id ?? event.from_session_thread_id;
  return typeof id === "string" ? threadIds.indexOf(id) : null;
}

/** The coordinator's transcript as event types: its own in order, and each thread's in order (threads run in parallel). */
function shapeOf(all: Event[], threadIds: string[]) {
  return {
    own: all.filter((event) => threadOf(event, threadIds) === null).map((event) => event.type),
    threads: threadIds.map((_, index) => all.filter((event) => threadOf(event, threadIds) === index).map((event) => event.type)),
  };
}

/** Restarts what died: runs the alarms of the orchestrator and every agent object until the coordinator is idle. */
async function recover(sessionId: string, agentIds: string[]): Promise<void> {
  const deadline = Date.now() + 20_000;
  let orchestratorBusy = true;
  for (;;) {
    const session = await client.beta.sessions.retrieve(sessionId);
    // Done when the coordinator is idle and its orchestrator has nothing left to deliver (no alarm pending).
    if (session.status === "idle" && !orchestratorBusy) return;
    if (Date.now() > deadline) throw new Error(`session stayed ${session.status}`);
    orchestratorBusy = await runDurableObjectAlarm(env.ORCHESTRATOR.getByName(sessionId));
    for (const agentId of agentIds) await runDurableObjectAlarm(env.AGENT.getByName(agentId));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Everything a run leaves that a crash must not change. */
async function outcomeOf(run: Awaited<ReturnType<typeof fanOut>>) {
  const all = await events(client, run.session.id);
  const threadIds = all.filter((event) => event.type === "session.thread_created").map((event) => String(event.session_thread_id));
  // Threads in the order of their specialists, so that two runs compare thread by thread.
  const bySpecialist = run.specialists.map((agent) => threadIds.find((id) => agentIdOfSession(id) === agent.id) ?? "");
  const specialistSessions = await Promise.all(
    run.specialists.map(async (agent) => (await client.beta.sessions.list({ agent_id: agent.id })).data.map((session) => session.id)),
  );
  const specialistCalls = await Promise.all(specialistSessions.flat().map(async (id) => (await receivedRequests(id)).length));
  return {
    all,
    shape: shapeOf(all, bySpecialist),
    threadIds,
    specialistSessions,
    specialistCalls,
    coordinatorCalls: (await receivedRequests(run.session.id)).length,
    waits: await waitResults(client, run.session.id),
    status: (await client.beta.sessions.retrieve(run.session.id)).status,
  };
}

/** Whether every thread's reply and idle status come before the wait's result in the coordinator's transcript. */
function finishedBeforeWaitReturned(all: Event[]): boolean {
  const waitId = all.find((event) => event.type === "agent.tool_use" && event.name === "wait_for_threads")?.id;
  const answered = all.findIndex((event) => event.type === "agent.tool_result" && event.tool_use_id === waitId);
  const finishes = all.flatMap((event, index) =>
    event.type === "session.thread_status_idle" || event.type === "agent.thread_message_received" ? [index] : [],
  );
  return answered > 0 && finishes.length === 2 * THREADS && finishes.every((index) => index < answered);
}

const ORCHESTRATOR_POINTS = CRASH_POINTS.filter((point) => point.startsWith("orchestrator."));

/** Every orchestrator boundary, at its first pass and (where a run passes it several times) at a later one. */
const CASES = ORCHESTRATOR_POINTS.flatMap((point): { point: CrashPoint; skip: number }[] =>
  point === "orchestrator.wait_delivered"
    ? [{ point, skip: 0 }]
    : [
        { point, skip: 0 },
        { point, skip: 2 },
      ],
);

describe("crashes in a multiagent session", () => {
  afterEach(() => disarmCrashes());

  it("covers every orchestrator boundary", () => {
    expect(new Set(CASES.map((entry) => entry.point))).toEqual(new Set(ORCHESTRATOR_POINTS));
    expect(ORCHESTRATOR_POINTS.length).toBeGreaterThanOrEqual(5);
  });

  it.each(CASES)("a crash at $point (after $skip passes) leaves each thread run once and the transcript as without it", async ({ point, skip }) => {
    const control = await fanOut();
    await recover(control.session.id, [control.coordinator.id, ...control.specialists.map((agent) => agent.id)]);
    const expected = await outcomeOf(control);

    armCrash(point, { skip });
    const run = await fanOut();
    await crashHappened(point);
    await recover(run.session.id, [run.coordinator.id, ...run.specialists.map((agent) => agent.id)]);
    const actual = await outcomeOf(run);

    // Each thread was created once: one session per specialist, each asked the model as often as without the crash.
    expect(actual.specialistSessions.map((ids) => ids.length)).toEqual([1, 1, 1]);
    expect(actual.specialistCalls).toEqual(expected.specialistCalls);
    expect(actual.coordinatorCalls).toBe(expected.coordinatorCalls);
    // The coordinator's transcript: nothing duplicated, missing or reordered, thread by thread.
    expect(new Set(actual.all.map((event) => event.id)).size).toBe(actual.all.length);
    expect(actual.threadIds).toHaveLength(THREADS);
    expect(actual.shape).toEqual(expected.shape);
    // The wait answered after every thread it waited for had finished, as in the control run.
    for (const outcome of [expected, actual]) expect(finishedBeforeWaitReturned(outcome.all)).toBe(true);
    // The wait's result came once, with every thread's reply, and the session ended idle once.
    expect(actual.waits).toHaveLength(1);
    expect(actual.waits[0]!.threads.map((thread) => [thread.status, thread.reply]).sort()).toEqual([1, 2, 3].map((part) => ["idle", `Part ${part} written.`]));
    expect(actual.all.filter((event) => event.type === "session.status_idle")).toHaveLength(1);
    expect(actual.status).toBe("idle");
  });
});
