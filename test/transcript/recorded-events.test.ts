// The closed unions of recorded events: a typed append records exactly the fields it is given, every kind parses as
// its schema and back, and where events are validated (an archive carried back) an unknown kind or field is refused.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  ArchivedDreamProgressEvent,
  ArchivedSessionEvent,
  DreamProgressEvent,
  type DreamProgressEventType,
  eventTypes,
  isEventOf,
  SessionEvent,
  type SessionEventOf,
  type SessionEventType,
} from "../../src/schemas/recorded-events";
import { appendEvent, dreamProgressLog, readEvents } from "../../src/transcript/event-log";
import { allEvents, createAgent, lucidClient, startSession, waitForStatus } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";

const at = "2026-01-01T00:00:00.000Z";
const usage = { input_tokens: 120, output_tokens: 30, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
const text = (value: string) => [{ type: "text" as const, text: value }];
const thread = { session_thread_id: "sesn_thread", agent_name: "Researcher" };

/** One event of every kind a session's transcript holds, as Lucid writes it (the type makes the list complete). */
const SESSION_SAMPLES: { [T in SessionEventType]: SessionEventOf<T> } = {
  "user.message": { id: "sevt_1", type: "user.message", processed_at: at, content: text("Draft the letter.") },
  "user.interrupt": { id: "sevt_2", type: "user.interrupt", processed_at: at },
  "user.custom_tool_result": {
    id: "sevt_3",
    type: "user.custom_tool_result",
    processed_at: at,
    custom_tool_use_id: "sevt_7",
    content: text("42"),
    is_error: false,
  },
  "user.define_outcome": {
    id: "sevt_4",
    type: "user.define_outcome",
    processed_at: at,
    outcome_id: "outc_1",
    description: "A letter.",
    rubric: { type: "text", content: "- It is signed." },
    max_iterations: 3,
  },
  "agent.message": { id: "sevt_5", type: "agent.message", processed_at: at, content: text("Here it is.") },
  "agent.tool_use": {
    id: "sevt_6",
    type: "agent.tool_use",
    processed_at: at,
    name: "write",
    input: { file_path: "/a.md", content: "a" },
    evaluated_permission: "ask",
  },
  "user.tool_confirmation": { id: "sevt_30", type: "user.tool_confirmation", processed_at: at, tool_use_id: "sevt_6", result: "allow", deny_message: null },
  "user.tool_result": { id: "sevt_31", type: "user.tool_result", processed_at: at, tool_use_id: "sevt_6", content: text("wrote 1 bytes"), is_error: false },
  "agent.custom_tool_use": { id: "sevt_7", type: "agent.custom_tool_use", processed_at: at, name: "lookup", input: {} },
  "agent.tool_result": { id: "sevt_8", type: "agent.tool_result", processed_at: at, tool_use_id: "sevt_6", content: text("Wrote /a.md."), is_error: false },
  "agent.mcp_tool_use": {
    id: "sevt_32",
    type: "agent.mcp_tool_use",
    processed_at: at,
    name: "lookup_case",
    input: { case_id: "C-7" },
    mcp_server_name: "cases",
    evaluated_permission: "allow",
  },
  "agent.mcp_tool_result": {
    id: "sevt_33",
    type: "agent.mcp_tool_result",
    processed_at: at,
    mcp_tool_use_id: "sevt_32",
    content: text("Case C-7: open."),
    is_error: false,
  },
  "session.thread_created": { id: "sevt_9", type: "session.thread_created", processed_at: at, ...thread, workflow_run_id: null },
  "agent.thread_message_sent": {
    id: "sevt_10",
    type: "agent.thread_message_sent",
    processed_at: at,
    to_session_thread_id: "sesn_thread",
    to_agent_name: "Researcher",
    content: text("Find it."),
  },
  "agent.thread_message_received": {
    id: "sevt_11",
    type: "agent.thread_message_received",
    processed_at: at,
    from_session_thread_id: "sesn_thread",
    from_agent_name: "Researcher",
    content: text("Found it."),
  },
  "session.thread_status_running": { id: "sevt_12", type: "session.thread_status_running", processed_at: at, ...thread },
  "session.thread_status_idle": {
    id: "sevt_13",
    type: "session.thread_status_idle",
    processed_at: at,
    ...thread,
    stop_reason: { type: "end_turn" },
    stop_details: null,
  },
  "session.thread_status_terminated": { id: "sevt_14", type: "session.thread_status_terminated", processed_at: at, ...thread },
  "session.status_running": { id: "sevt_15", type: "session.status_running", processed_at: at },
  "session.status_idle": {
    id: "sevt_16",
    type: "session.status_idle",
    processed_at: at,
    stop_reason: { type: "requires_action", event_ids: ["sevt_7"] },
    stop_details: null,
  },
  "session.status_rescheduled": { id: "sevt_17", type: "session.status_rescheduled", processed_at: at },
  "session.status_terminated": { id: "sevt_18", type: "session.status_terminated", processed_at: at },
  "session.error": {
    id: "sevt_19",
    type: "session.error",
    processed_at: at,
    error: { type: "model_overloaded_error", message: "Overloaded.", retry_status: { type: "retrying" } },
  },
  "span.model_request_start": { id: "sevt_20", type: "span.model_request_start", processed_at: at },
  "span.model_request_end": {
    id: "sevt_21",
    type: "span.model_request_end",
    processed_at: at,
    model_request_start_id: "sevt_20",
    is_error: false,
    model_usage: usage,
  },
  "span.outcome_evaluation_start": { id: "sevt_22", type: "span.outcome_evaluation_start", processed_at: at, outcome_id: "outc_1", iteration: 0 },
  "span.outcome_evaluation_ongoing": { id: "sevt_23", type: "span.outcome_evaluation_ongoing", processed_at: at, outcome_id: "outc_1", iteration: 0 },
  "span.outcome_evaluation_end": {
    id: "sevt_24",
    type: "span.outcome_evaluation_end",
    processed_at: at,
    outcome_evaluation_start_id: "sevt_22",
    outcome_id: "outc_1",
    iteration: 0,
    result: "needs_revision",
    explanation: "Unsigned.",
    usage,
    criteria: [{ criterion: "It is signed.", met: false, feedback: "Sign it." }],
  },
  "lucid.memory_loaded": {
    id: "sevt_25",
    type: "lucid.memory_loaded",
    processed_at: at,
    memory_store_ids: ["memstore_1"],
    memories: [{ memory_store_id: "memstore_1", path: "/people/dana.md", content_sha256: "ab".repeat(32) }],
    tokens: 40,
    block: "<memory>…</memory>",
  },
  "lucid.reflection": {
    id: "sevt_26",
    type: "lucid.reflection",
    processed_at: at,
    memory_store_id: "memstore_1",
    written: [{ path: "/people/dana.md", kind: "preference" }],
    skipped: [],
    model_usage: usage,
  },
};

/** One event of every kind (and every phase and decision) a dream's progress session holds. */
const DREAM_SAMPLES: DreamProgressEvent[] = [
  { id: "sevt_d1", type: "session.status_running", processed_at: at },
  { id: "sevt_d2", type: "span.model_request_start", processed_at: at, phase: "review" },
  { id: "sevt_d3", type: "span.model_request_end", processed_at: at, phase: "review", is_error: true, model_usage: usage, error: "unusable" },
  { id: "sevt_d4", type: "lucid.dream_phase", processed_at: at, phase: "reading", sessions: 2, memories: 5 },
  { id: "sevt_d5", type: "lucid.dream_phase", processed_at: at, phase: "synthesis", clusters: 1, insights: 1 },
  {
    id: "sevt_d6",
    type: "lucid.dream_phase",
    processed_at: at,
    phase: "curation",
    operations: 2,
    refused: 0,
    flags: 0,
    quarantined: 0,
    held_for_review: true,
  },
  { id: "sevt_d7", type: "lucid.dream_review", processed_at: at, decision: "approved", operation_ids: ["op_1"], edited: [] },
  { id: "sevt_d8", type: "lucid.dream_review", processed_at: at, decision: "rejected" },
  { id: "sevt_d9", type: "lucid.dream_phase", processed_at: at, phase: "writing", memory_store_id: "memstore_2", operations_applied: 2 },
  { id: "sevt_d10", type: "session.error", processed_at: at, error: { type: "unknown_error", message: "Failed.", retry_status: { type: "terminal" } } },
  { id: "sevt_d11", type: "session.status_idle", processed_at: at, stop_reason: { type: "end_turn" }, stop_details: null },
  { id: "sevt_d12", type: "session.status_terminated", processed_at: at },
];

/** Runs `body` on the SQLite of an agent's object, whose `events` table holds its sessions' transcripts. */
async function inTranscriptStore<T>(body: (sql: SqlStorage) => T): Promise<T> {
  const agent = await createAgent(lucidClient());
  return runInDurableObject(env.AGENT.getByName(agent.id), (_instance, state) => body(state.storage.sql));
}

describe("a typed append", () => {
  it("records exactly the fields given, under the kind given, and returns the event it recorded", async () => {
    const { appended, stored } = await inTranscriptStore((sql) => {
      const message = appendEvent(sql, "sesn_typed", "agent.message", { content: text("Hello.") }, "sevt_announced");
      const running = appendEvent(sql, "sesn_typed", "session.status_running");
      return { appended: [message.event, running.event], stored: readEvents(sql, "sesn_typed").map(({ event }) => event) };
    });
    expect(stored).toEqual(appended);
    expect(Object.keys(stored[0]!)).toEqual(["id", "type", "processed_at", "content"]);
    expect(stored[0]).toMatchObject({ id: "sevt_announced", type: "agent.message", content: text("Hello.") });
    expect(Object.keys(stored[1]!)).toEqual(["id", "type", "processed_at"]);
    expect(stored[1]!.id).toMatch(/^sevt_/);
    expect(Date.parse(stored[1]!.processed_at!)).not.toBeNaN();
    // The return is the event narrowed to its kind, whose fields are there to read, typed.
    expectTypeOf<ReturnType<typeof appendEvent<"agent.message">>["event"]>().toEqualTypeOf<SessionEventOf<"agent.message">>();
  });

  it("holds the fields to the kind's own, at compile time", () => {
    type AppendTo = (sql: SqlStorage) => void;
    // @ts-expect-error: a misspelt kind does not compile
    const misspelt: AppendTo = (sql) => appendEvent(sql, "sesn_typed", "agent.mesage", { content: [] });
    // @ts-expect-error: a field of another kind does not compile
    const foreign: AppendTo = (sql) => appendEvent(sql, "sesn_typed", "agent.message", { content: [], tool_use_id: "sevt_1" });
    // @ts-expect-error: a kind with fields needs them
    const bare: AppendTo = (sql) => appendEvent(sql, "sesn_typed", "session.status_idle");
    expect([misspelt, foreign, bare]).toHaveLength(3);
  });

  it("records a dream's progress under the dream's own union", async () => {
    const stored = await inTranscriptStore((sql) => {
      dreamProgressLog.append(sql, "sesn_dream", "span.model_request_start", { phase: "synthesis" });
      return dreamProgressLog.read(sql, "sesn_dream").map(({ event }) => event);
    });
    expect(stored).toEqual([expect.objectContaining({ type: "span.model_request_start", phase: "synthesis" })]);
    expect(DreamProgressEvent.parse(stored[0])).toEqual(stored[0]);
  });
});

describe("the recorded kinds", () => {
  it("parse as their schema and back to the same JSON, every kind of a session's transcript", () => {
    for (const event of Object.values(SESSION_SAMPLES)) {
      const parsed = SessionEvent.parse(JSON.parse(JSON.stringify(event)));
      expect(parsed, event.type).toEqual(event);
      expect(ArchivedSessionEvent.parse(parsed), event.type).toEqual(event);
    }
  });

  it("parse as their schema and back, every kind of a dream's progress session", () => {
    const kinds = new Set<DreamProgressEventType>();
    for (const event of DREAM_SAMPLES) {
      expect(ArchivedDreamProgressEvent.parse(JSON.parse(JSON.stringify(event))), event.type).toEqual(event);
      kinds.add(event.type);
    }
    expect(kinds.size).toBe(DreamProgressEvent.options.length);
  });

  it("include every event a real session records", async () => {
    const client = lucidClient();
    const agent = await createAgent(client);
    await scriptReplies(agent.id, [textReply("Done.")]);
    const session = await startSession(client, agent.id, "Say done.");
    await waitForStatus(client, session.id, ["idle"]);
    const events = await allEvents(client, session.id);
    expect(events.map((event) => event.type)).toContain("agent.message");
    for (const event of events) expect(SessionEvent.safeParse(event).error, event.type).toBeUndefined();
  });

  it("narrow by kind: isEventOf with a checked list of kinds", () => {
    const toolUses = eventTypes("agent.tool_use", "agent.custom_tool_use");
    const calls = Object.values(SESSION_SAMPLES).filter((event) => isEventOf(event, toolUses));
    expect(calls.map((call) => call.name)).toEqual(["write", "lookup"]);
    expectTypeOf(calls).toEqualTypeOf<SessionEventOf<"agent.tool_use" | "agent.custom_tool_use">[]>();
  });
});

describe("where events are validated", () => {
  const archived = (event: unknown) => ArchivedSessionEvent.safeParse(event).success;

  it("refuses a kind Lucid does not record, and a misspelt one", () => {
    expect(archived({ id: "sevt_x", type: "agent.thinking", processed_at: at })).toBe(false);
    expect(archived({ id: "sevt_x", type: "agent.mesage", processed_at: at, content: text("Hi.") })).toBe(false);
    expect(archived({ id: "sevt_x", type: "lucid.dream_phase", processed_at: at, phase: "reading", sessions: 1, memories: 1 })).toBe(false);
    expect(ArchivedDreamProgressEvent.safeParse(SESSION_SAMPLES["agent.message"]).success).toBe(false);
  });

  it("refuses a known kind with a field it does not have, or without one it has", () => {
    expect(archived({ ...SESSION_SAMPLES["agent.message"], injected: true })).toBe(false);
    const { stop_reason: _, ...idle } = SESSION_SAMPLES["session.status_idle"];
    expect(archived(idle)).toBe(false);
    expect(archived(SESSION_SAMPLES["session.status_idle"])).toBe(true);
  });

  it("refuses an id too long and an event larger than a request body", () => {
    expect(archived({ ...SESSION_SAMPLES["user.interrupt"], id: "x".repeat(257) })).toBe(false);
    expect(archived({ ...SESSION_SAMPLES["agent.message"], content: text("x".repeat(1024 * 1024)) })).toBe(false);
  });
});
