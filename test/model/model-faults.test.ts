// Each model API fault has a defined result in a real session: what is retried, what the transcript shows, and that a broken reply never enters it.
import type Anthropic from "@anthropic-ai/sdk";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { allEvents, createAgent, createEnvironment, lucidClient, startSession, waitForStatus } from "../fixtures/lucid";
import { receivedRequests, scriptReplies, type SimReply, textReply } from "../fixtures/simulator";

// vitest.config.ts sets LUCID_MODEL_TIMEOUT_MS=8000, LUCID_RETRY_BASE_MS=5 and LUCID_RETRY_MAX_ATTEMPTS=3.
const MODEL_TIMEOUT_MS = 8_000;
const client = lucidClient();

type SessionEvent = Anthropic.Beta.Sessions.BetaManagedAgentsSessionEvent;
type ErrorEvent = Anthropic.Beta.Sessions.BetaManagedAgentsSessionErrorEvent;

const FINDING_TOOL = {
  type: "custom" as const,
  name: "record_finding",
  description: "Record one finding of the review",
  input_schema: { type: "object" as const, properties: { finding: { type: "string" } }, required: ["finding"] },
};

async function startReview(agentId: string) {
  return startSession(client, agentId, "Review the contract.");
}

const errorsOf = (events: SessionEvent[]) => events.filter((event): event is ErrorEvent => event.type === "session.error");
const requestEndsOf = (events: SessionEvent[]) =>
  events.filter((event) => event.type === "span.model_request_end").map((event) => (event as { is_error: boolean }).is_error);
const ofType = (events: SessionEvent[], type: string) => events.filter((event) => event.type === type);

interface FaultCase {
  fault: string;
  reply: SimReply;
  error: { type: string; message: RegExp };
  /** Text the broken reply had begun to send, which must not reach the transcript. */
  partial?: string;
}

const faults: FaultCase[] = [
  {
    fault: "a stream that hangs past the model timeout",
    reply: { type: "stream_stall", after_text: "Let me think about the indemnity", stall_ms: 60_000 },
    error: { type: "model_request_failed_error", message: new RegExp(`did not finish its reply within ${MODEL_TIMEOUT_MS} ms`) },
    partial: "Let me think about the indemnity",
  },
  {
    fault: "HTTP 500 api_error",
    reply: { type: "error", status: 500 },
    error: { type: "model_request_failed_error", message: /\(500\)/ },
  },
  {
    fault: "HTTP 529 overloaded_error",
    reply: { type: "error", status: 529 },
    error: { type: "model_overloaded_error", message: /\(529\)/ },
  },
  {
    fault: "malformed SSE (a data line that is not JSON)",
    reply: { type: "malformed_sse", after_text: "Reviewing the parties", data: "<html>502 Bad Gateway</html>" },
    error: { type: "model_request_failed_error", message: /reply broke off or was malformed/ },
    partial: "Reviewing the parties",
  },
  {
    fault: "a stream cut mid-message (no error event, no message_stop)",
    reply: { type: "stream_cut", after_text: "The indemnity clause is one-si" },
    error: { type: "model_request_failed_error", message: /reply broke off or was malformed/ },
    partial: "The indemnity clause is one-si",
  },
  {
    fault: "tool input JSON cut short (the SDK would complete it silently)",
    reply: { type: "invalid_tool_json", text: "Recording it.", name: "record_finding", partial_json: '{"finding": "The indemnity clause is one-si' },
    error: { type: "model_request_failed_error", message: /call of `record_finding` carried input that is not a JSON object/ },
    partial: "Recording it.",
  },
  {
    fault: "tool input that is not JSON at all",
    reply: { type: "invalid_tool_json", name: "record_finding", partial_json: "{finding: one-sided indemnity}" },
    error: { type: "model_request_failed_error", message: /call of `record_finding` carried input that is not a JSON object/ },
  },
];

describe("model faults in a session", () => {
  it.each(faults)(
    "$fault: retried with backoff, then the session completes with exactly one agent.message",
    async ({ reply, error, partial }) => {
      const agent = await createAgent(client, { tools: [FINDING_TOOL] });
      await scriptReplies(agent.id, [reply, textReply("Reviewed: two issues found.")]);

      const started = await startReview(agent.id);
      const session = await waitForStatus(client, started.id, ["idle", "terminated"], 40_000);

      expect(session.status).toBe("idle");
      expect((session as unknown as { stop_reason: unknown }).stop_reason).toEqual({ type: "end_turn" });
      const events = await allEvents(client, session.id);
      const errors = errorsOf(events);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.error).toMatchObject({ type: error.type, retry_status: { type: "retrying" } });
      expect(errors[0]?.error.message).toMatch(error.message);
      expect(ofType(events, "session.status_rescheduled")).toHaveLength(1);
      expect(requestEndsOf(events)).toEqual([true, false]);
      const messages = ofType(events, "agent.message");
      expect(messages).toHaveLength(1);
      expect(JSON.stringify(messages[0])).toContain("two issues found");
      // Nothing of the broken reply was recorded: no half message, no tool call built from a guessed input.
      expect(ofType(events, "agent.custom_tool_use")).toHaveLength(0);
      expect(ofType(events, "agent.tool_use")).toHaveLength(0);
      if (partial) expect(JSON.stringify(events.filter((event) => event.type !== "session.error"))).not.toContain(partial);
      expect(await receivedRequests(session.id)).toHaveLength(2);
    },
    60_000,
  );

  it("may preview a cut stream's text live, but records only the retried reply", async () => {
    const agent = await createAgent(client);
    await scriptReplies(agent.id, [
      { type: "stream_cut", after_text: "The indemnity clause is one-si", chunk_delay_ms: 5 },
      textReply("Reviewed: two issues found."),
    ]);
    const environment = await createEnvironment(client);
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
    const stream = await client.beta.sessions.events.stream(session.id, { event_deltas: ["agent.message"] });

    await client.beta.sessions.events.send(session.id, { events: [{ type: "user.message", content: [{ type: "text", text: "Review the contract." }] }] });
    const seen: Anthropic.Beta.Sessions.BetaManagedAgentsStreamSessionEvents[] = [];
    const deadline = setTimeout(() => stream.controller.abort(), 20_000);
    for await (const event of stream) {
      seen.push(event);
      if (event.type === "session.status_idle") break;
    }
    clearTimeout(deadline);

    const starts = seen.filter((event) => event.type === "event_start").map((event) => event.event.id);
    expect(starts).toHaveLength(2);
    const previewOf = (id: string | undefined) =>
      seen.flatMap((event) => (event.type === "event_delta" && event.event_id === id ? [event.delta.content.text] : [])).join("");
    expect(previewOf(starts[0])).toBe("The indemnity clause is one-si");
    const recorded = await allEvents(client, session.id);
    expect(ofType(recorded, "agent.message").map((event) => event.id)).toEqual([starts[1]]);
    expect(seen.filter((event) => event.type !== "event_start" && event.type !== "event_delta")).toEqual(recorded);
  });

  it("gives up with retries_exhausted when every attempt's stream is cut, having recorded no message", async () => {
    const agent = await createAgent(client);
    const cut: SimReply = { type: "stream_cut", after_text: "Half an answer" };
    await scriptReplies(agent.id, [cut, cut, cut, textReply("never reached")]);

    const started = await startReview(agent.id);
    const session = await waitForStatus(client, started.id, ["idle", "terminated"]);

    expect((session as unknown as { stop_reason: unknown }).stop_reason).toEqual({ type: "retries_exhausted" });
    const events = await allEvents(client, session.id);
    expect(errorsOf(events).map((event) => [event.error.type, event.error.retry_status.type])).toEqual([
      ["model_request_failed_error", "retrying"],
      ["model_request_failed_error", "retrying"],
      ["model_request_failed_error", "exhausted"],
    ]);
    expect(requestEndsOf(events)).toEqual([true, true, true]);
    expect(ofType(events, "agent.message")).toHaveLength(0);
    expect(events.at(-1)).toMatchObject({ type: "session.status_idle", stop_reason: { type: "retries_exhausted" } });
    expect(await receivedRequests(session.id)).toHaveLength(3);
  });

  it("schedules the retry of a 429 no sooner than its retry-after, then completes", async () => {
    const agent = await createAgent(client);
    await scriptReplies(agent.id, [{ type: "error", status: 429, retry_after: 30 }, textReply("Reviewed after the wait.")]);
    const stub = env.AGENT.getByName(agent.id);

    const started = await startReview(agent.id);
    await waitForStatus(client, started.id, ["rescheduling"]);

    const [rateLimited] = errorsOf(await allEvents(client, started.id));
    expect(rateLimited?.error).toMatchObject({ type: "model_rate_limited_error", retry_status: { type: "retrying" } });
    const dueAt = await runInDurableObject(
      stub,
      (_instance, state) =>
        state.storage.sql.exec<{ due_at: number }>("SELECT due_at FROM schedule WHERE kind = 'session_step' AND ref = ?", started.id).one().due_at,
    );
    // The backoff alone (base 5 ms in tests) would retry within milliseconds; retry-after holds it for 30 s.
    const waitedMs = dueAt - Date.parse(rateLimited!.processed_at);
    expect(waitedMs).toBeGreaterThanOrEqual(30_000);
    expect(waitedMs).toBeLessThan(31_000);
    expect(await receivedRequests(started.id)).toHaveLength(1);

    // Bring the retry forward rather than wait 30 s, then let the alarm run it.
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec("UPDATE schedule SET due_at = ? WHERE kind = 'session_step' AND ref = ?", Date.now(), started.id);
    });
    await runDurableObjectAlarm(stub);
    const session = await waitForStatus(client, started.id, ["idle"]);
    const events = await allEvents(client, session.id);
    expect(ofType(events, "agent.message")).toHaveLength(1);
    expect(JSON.stringify(events)).toContain("Reviewed after the wait.");
    expect(await receivedRequests(session.id)).toHaveLength(2);
  });
});
