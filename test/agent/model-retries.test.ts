import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { allEvents, createAgent, lucidClient, startSession, waitForStatus } from "../fixtures/lucid";
import { receivedRequests, scriptReplies, textReply } from "../fixtures/simulator";

// vitest.config.ts sets LUCID_RETRY_BASE_MS=5 and LUCID_RETRY_MAX_ATTEMPTS=3, so retries happen within milliseconds.
const client = lucidClient();

async function runSession(agentId: string) {
  const session = await startSession(client, agentId, "Review the contract.");
  return waitForStatus(client, session.id, ["idle", "terminated"]);
}

type ErrorEvent = Anthropic.Beta.Sessions.BetaManagedAgentsSessionErrorEvent;
const errorsOf = (events: Anthropic.Beta.Sessions.BetaManagedAgentsSessionEvent[]) =>
  events.filter((event): event is ErrorEvent => event.type === "session.error").map((event) => event.error);

describe("model errors", () => {
  it("retries rate limits and overload, rescheduling the session, then succeeds", async () => {
    const agent = await createAgent(client);
    await scriptReplies(agent.id, [{ type: "error", status: 429, retry_after: 0 }, { type: "error", status: 529 }, textReply("Reviewed: two issues found.")]);
    const session = await runSession(agent.id);
    expect(session.status).toBe("idle");
    const events = await allEvents(client, session.id);
    expect(errorsOf(events)).toEqual([
      expect.objectContaining({ type: "model_rate_limited_error", retry_status: { type: "retrying" } }),
      expect.objectContaining({ type: "model_overloaded_error", retry_status: { type: "retrying" } }),
    ]);
    expect(events.filter((event) => event.type === "session.status_rescheduled")).toHaveLength(2);
    expect(events.filter((event) => event.type === "span.model_request_end").map((event) => (event as { is_error: boolean }).is_error)).toEqual([
      true,
      true,
      false,
    ]);
    expect(JSON.stringify(events.find((event) => event.type === "agent.message"))).toContain("two issues found");
    expect(await receivedRequests(session.id)).toHaveLength(3);
  });

  it("retries an error that arrives mid-stream", async () => {
    const agent = await createAgent(client);
    await scriptReplies(agent.id, [{ type: "stream_error", after_text: "Partial answ", error_type: "overloaded_error" }, textReply("Complete answer.")]);
    const session = await runSession(agent.id);
    const events = await allEvents(client, session.id);
    const messages = events.filter((event) => event.type === "agent.message").map((event) => JSON.stringify(event));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("Complete answer.");
    expect(errorsOf(events)[0]).toMatchObject({ type: "model_overloaded_error", retry_status: { type: "retrying" } });
  });

  it("gives up after the retry budget with retries_exhausted", async () => {
    const agent = await createAgent(client);
    await scriptReplies(agent.id, [{ type: "error", status: 500 }, { type: "error", status: 500 }, { type: "error", status: 500 }, textReply("never reached")]);
    const session = await runSession(agent.id);
    expect(session.status).toBe("idle");
    expect((session as unknown as { stop_reason: unknown }).stop_reason).toEqual({ type: "retries_exhausted" });
    const events = await allEvents(client, session.id);
    expect(errorsOf(events).map((error) => error.retry_status.type)).toEqual(["retrying", "retrying", "exhausted"]);
    expect(events.at(-1)).toMatchObject({ type: "session.status_idle", stop_reason: { type: "retries_exhausted" } });
    expect(await receivedRequests(session.id)).toHaveLength(3);

    // The user may try again: the next message runs a fresh step.
    await client.beta.sessions.events.send(session.id, { events: [{ type: "user.message", content: [{ type: "text", text: "Try again." }] }] });
    await waitForStatus(client, session.id, ["idle"]);
    expect(JSON.stringify(await allEvents(client, session.id))).toContain("never reached");
  });

  it("fails at once on a request error and records why", async () => {
    const agent = await createAgent(client);
    await scriptReplies(agent.id, [{ type: "error", status: 400, message: "prompt is too long" }]);
    const session = await runSession(agent.id);
    expect(session.status).toBe("terminated");
    const events = await allEvents(client, session.id);
    expect(errorsOf(events)).toEqual([expect.objectContaining({ type: "model_request_failed_error", retry_status: { type: "terminal" } })]);
    expect(errorsOf(events)[0]?.message).toContain("prompt is too long");
    expect(events.at(-1)?.type).toBe("session.status_terminated");
    expect(await receivedRequests(session.id)).toHaveLength(1);
    await expect(
      client.beta.sessions.events.send(session.id, { events: [{ type: "user.message", content: [{ type: "text", text: "again" }] }] }),
    ).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });
});
