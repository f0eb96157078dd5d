// Crashes a session's object at every boundary of its steps and checks that each turn still finishes exactly once.
import type Anthropic from "@anthropic-ai/sdk";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { readEvents } from "../../src/transcript/event-log";
import { putWork } from "../../src/schedule/work-schedule";
import { armCrash, CRASH_POINTS, type CrashPoint, disarmCrashes } from "../../src/faults/crash-points";
import { allEvents, api, createAgent, type LucidAgentParams, lucidClient, startSession, waitForStatus } from "../fixtures/lucid";
import { receivedRequests, scriptReplies, type SimReply, textReply } from "../fixtures/simulator";
import { crashHappened } from "../fixtures/crashes";

const client = lucidClient();
type SessionCrashPoint = Extract<CrashPoint, `session.${string}`>;
type Event = Anthropic.Beta.Sessions.BetaManagedAgentsSessionEvent;

const calls = (...uses: [string, Record<string, unknown>][]): SimReply => ({
  type: "message",
  content: uses.map(([name, input]) => ({ type: "tool_use" as const, name, input })),
});

interface Scenario {
  name: string;
  agent: LucidAgentParams;
  replies: SimReply[];
  /** Workspace files whose final version and content the run is judged by (file tools). */
  files: string[];
}

const SCENARIOS: Scenario[] = [
  { name: "a plain text turn", agent: {}, replies: [textReply("The plan is ready.")], files: [] },
  {
    name: "memory tools, two calls in one reply, then an edit",
    agent: {},
    replies: [
      calls(
        ["memory_write", { path: "/plan.md", content: "Step one: draft the letter." }],
        ["memory_write", { path: "/style.md", content: "British spelling." }],
      ),
      calls(["memory_edit", { path: "/plan.md", old_string: "draft", new_string: "review" }]),
      textReply("Noted both, and revised the plan."),
    ],
    files: [],
  },
  {
    name: "file tools, a write and an edit in one reply",
    agent: { tools: [{ type: "agent_toolset_20260401" }] },
    replies: [
      calls(["write", { file_path: "/notes.md", content: "status: draft\n" }], ["edit", { file_path: "/notes.md", old_string: "draft", new_string: "final" }]),
      textReply("The notes are final."),
    ],
    files: ["/notes.md"],
  },
];

const toolCallsOf = (scenario: Scenario) =>
  scenario.replies.reduce((count, reply) => count + (reply.type === "message" ? reply.content.filter((block) => block.type === "tool_use").length : 0), 0);

/** How many times a run of the scenario passes each boundary; a crash is tested at every one of those passes. */
const PASSES: Record<SessionCrashPoint, (scenario: Scenario) => number> = {
  "session.request_started": (scenario) => scenario.replies.length,
  "session.reply_received": (scenario) => scenario.replies.length,
  "session.reply_recorded": (scenario) => scenario.replies.length,
  "session.tool_executed": toolCallsOf,
  "session.tool_recorded": toolCallsOf,
};
const SESSION_POINTS = CRASH_POINTS.filter((point): point is SessionCrashPoint => point.startsWith("session."));

interface Crash {
  point: SessionCrashPoint;
  /** Passes of the point let through before the crash: 1 crashes at the second pass. */
  skip: number;
}

/**
 * A reply lost before it was stored cannot be known after the crash, so it is asked for again: the simulator is
 * scripted to give the same answer a second time, as a deterministic model would.
 */
function scriptFor(scenario: Scenario, crash: Crash | null): SimReply[] {
  if (crash?.point !== "session.reply_received") return scenario.replies;
  return scenario.replies.flatMap((reply, index) => (index === crash.skip ? [reply, reply] : [reply]));
}

interface Run {
  agentId: string;
  sessionId: string;
  storeId: string;
}

async function runScenario(scenario: Scenario, crash: Crash | null): Promise<Run> {
  const agent = (await createAgent(client, scenario.agent)) as Anthropic.Beta.Agents.BetaManagedAgentsAgent & { memory_store_id: string };
  await scriptReplies(agent.id, scriptFor(scenario, crash));
  if (crash) armCrash(crash.point, { skip: crash.skip });
  const session = await startSession(client, agent.id, `Please do this: ${scenario.name}.`);
  if (crash) {
    await crashHappened(crash.point);
    // The restart: the alarm runs the schedule row the dead step left behind.
    expect(await runDurableObjectAlarm(env.AGENT.getByName(agent.id))).toBe(true);
  }
  await waitForStatus(client, session.id, ["idle"], 20_000);
  return { agentId: agent.id, sessionId: session.id, storeId: agent.memory_store_id };
}

/** Everything a crash could duplicate, lose or reorder, with the ids that differ between runs left out. */
async function observe(scenario: Scenario, run: Run) {
  const events = await allEvents(client, run.sessionId);
  const versions = [];
  for await (const version of client.beta.memoryStores.memoryVersions.list(run.storeId, { view: "full" })) {
    versions.push({ path: version.path, operation: version.operation, content: version.content });
  }
  const files = [];
  for (const path of scenario.files) {
    const response = await api(`/v1/sessions/${run.sessionId}/workspace/files${path}?view=metadata`);
    const { version } = (await response.json()) as { version: number };
    files.push({ path, version, content: await (await api(`/v1/sessions/${run.sessionId}/workspace/files${path}`)).text() });
  }
  return {
    events,
    types: events.map((event) => event.type),
    messages: events.flatMap((event) => (event.type === "agent.message" ? [event.content] : [])),
    toolResults: events.flatMap((event) => (event.type === "agent.tool_result" ? [{ is_error: event.is_error, content: event.content }] : [])),
    requests: (await receivedRequests(run.sessionId)).length,
    versions: versions.reverse(),
    files,
  };
}

/** Ids unique, stored sequence numbers strictly increasing in the order the API lists, every tool call answered once. */
async function expectWellFormed(run: Run, events: Event[]) {
  expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
  const stored = await runInDurableObject(env.AGENT.getByName(run.agentId), (_instance, state) => readEvents(state.storage.sql, run.sessionId));
  expect(stored.map((row) => row.event.id)).toEqual(events.map((event) => event.id));
  for (const [index, row] of stored.entries()) if (index > 0) expect(row.seq).toBeGreaterThan(stored[index - 1]!.seq);
  const uses = events.filter((event) => event.type === "agent.tool_use").map((event) => event.id);
  const answered = events.flatMap((event) => (event.type === "agent.tool_result" ? [event.tool_use_id] : []));
  expect(answered.sort()).toEqual([...uses].sort());
}

describe("a session crashed at a step boundary", () => {
  afterEach(() => disarmCrashes());

  it("has a crash test for every session crash point", () => {
    expect(Object.keys(PASSES).sort()).toEqual([...SESSION_POINTS].sort());
    for (const point of SESSION_POINTS)
      expect(
        SCENARIOS.some((scenario) => PASSES[point](scenario) > 0),
        point,
      ).toBe(true);
  });

  for (const scenario of SCENARIOS) {
    const crashes = SESSION_POINTS.flatMap((point) => Array.from({ length: PASSES[point](scenario) }, (_, skip) => ({ point, skip })));

    describe(scenario.name, () => {
      let control: Awaited<ReturnType<typeof observe>> | null = null;
      const controlRun = async () => (control ??= await observe(scenario, await runScenario(scenario, null)));

      it.each(crashes)("finishes once after a crash at $point (pass $skip)", async (crash) => {
        const expected = await controlRun();
        const run = await runScenario(scenario, crash);
        const observed = await observe(scenario, run);

        await expectWellFormed(run, observed.events);
        // No event duplicated, lost or reordered: the transcript has the shape of a run without a crash.
        expect(observed.types).toEqual(expected.types);
        expect(observed.messages).toEqual(expected.messages);
        // Each tool call ran once: same results, and its writes happened once (memory versions, file versions).
        expect(observed.toolResults).toEqual(expected.toolResults);
        expect(observed.versions).toEqual(expected.versions);
        expect(observed.files).toEqual(expected.files);
        // A stored reply is never asked for again; one lost before it was stored is asked for once more.
        expect(observed.requests).toBe(expected.requests + (crash.point === "session.reply_received" ? 1 : 0));

        // Alarms are at-least-once: delivering the finished step again changes nothing and calls no model.
        const stub = env.AGENT.getByName(run.agentId);
        await runInDurableObject(stub, (_instance, state) => putWork(state.storage.sql, "session_step", run.sessionId, Date.now()));
        await runDurableObjectAlarm(stub);
        expect(await observe(scenario, run)).toEqual(observed);
      });
    });
  }
});
