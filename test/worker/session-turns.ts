// Driving a session as a person's program does (the official SDK) and reading its transcript: send a message or a
// confirmation, wait for the session to go idle after it, and pick out tool calls and the results that answer them.
import assert from "node:assert/strict";
import type Anthropic from "@anthropic-ai/sdk";
import type { Fixture } from "./fixture";

type SessionEvent = Anthropic.Beta.Sessions.BetaManagedAgentsSessionEvent;
export type ToolUse = Extract<SessionEvent, { type: "agent.tool_use" }>;
/** A worker answers a call with user.tool_result; Lucid records what it decides itself (a denial) as agent.tool_result. */
export type ToolResult = Extract<SessionEvent, { type: "user.tool_result" | "agent.tool_result" }>;
type Idle = Extract<SessionEvent, { type: "session.status_idle" }>;

const TURN_TIMEOUT_MS = 45_000;

export async function transcript(fx: Fixture, sessionId: string): Promise<SessionEvent[]> {
  const events: SessionEvent[] = [];
  for await (const event of fx.admin.beta.sessions.events.list(sessionId, { limit: 100 })) events.push(event);
  return events;
}

/** The events after the one with id `afterId` up to the first idle among them, once there is one. */
async function untilIdleAfter(fx: Fixture, sessionId: string, afterId: string, timeoutMs: number): Promise<{ events: SessionEvent[]; idle: Idle }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await transcript(fx, sessionId);
    const after = events.slice(events.findIndex((event) => event.id === afterId) + 1);
    const idleAt = after.findIndex((event) => event.type === "session.status_idle");
    if (idleAt >= 0) return { events: after.slice(0, idleAt + 1), idle: after[idleAt] as Idle };
    if (Date.now() > deadline) {
      throw new Error(`session ${sessionId} did not go idle within ${timeoutMs} ms; events since: ${after.map((event) => event.type).join(", ")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Sends a user message and waits for the idle that ends the turn it starts. */
export async function turn(fx: Fixture, sessionId: string, text: string, timeoutMs = TURN_TIMEOUT_MS) {
  const sent = await fx.admin.beta.sessions.events.send(sessionId, { events: [{ type: "user.message", content: [{ type: "text", text }] }] });
  return untilIdleAfter(fx, sessionId, sent.data![0]!.id, timeoutMs);
}

/** Answers an `always_ask` call and waits for the idle that follows. */
export async function confirm(fx: Fixture, sessionId: string, toolUseId: string, result: "allow" | "deny", denyMessage?: string) {
  const sent = await fx.admin.beta.sessions.events.send(sessionId, {
    events: [{ type: "user.tool_confirmation", tool_use_id: toolUseId, result, ...(denyMessage ? { deny_message: denyMessage } : {}) }],
  });
  return untilIdleAfter(fx, sessionId, sent.data![0]!.id, TURN_TIMEOUT_MS);
}

/** The one tool call among `events`, of the tool named. */
export function onlyToolUse(events: SessionEvent[], name: string): ToolUse {
  const uses = events.filter((event): event is ToolUse => event.type === "agent.tool_use");
  assert.deepEqual(
    uses.map((use) => use.name),
    [name],
    `one ${name} call in the turn`,
  );
  return uses[0]!;
}

/** Every result in the transcript that answers `toolUseId`. */
export function resultsFor(events: SessionEvent[], toolUseId: string): ToolResult[] {
  return events.filter(
    (event): event is ToolResult => (event.type === "user.tool_result" || event.type === "agent.tool_result") && event.tool_use_id === toolUseId,
  );
}

/** The text of the one result that answers `toolUseId` (asserting there is exactly one). */
export function resultText(events: SessionEvent[], toolUseId: string): { text: string; isError: boolean } {
  const results = resultsFor(events, toolUseId);
  assert.equal(results.length, 1, `exactly one result answers ${toolUseId}`);
  const result = results[0]!;
  const text = (result.content ?? []).map((block) => (block.type === "text" ? block.text : "")).join("");
  return { text, isError: result.is_error === true };
}

/** What the agent said in the turn (the simulator quotes the tool results it was given). */
export function agentText(events: SessionEvent[]): string {
  return events
    .filter((event) => event.type === "agent.message")
    .flatMap((event) => event.content.map((block) => (block.type === "text" ? block.text : "")))
    .join("\n");
}

/** Every call in the transcript answered by exactly one result. */
export function assertEachCallAnsweredOnce(events: SessionEvent[]): void {
  for (const use of events.filter((event): event is ToolUse => event.type === "agent.tool_use")) {
    assert.equal(resultsFor(events, use.id).length, 1, `call ${use.id} (${use.name}) answered exactly once`);
  }
}
