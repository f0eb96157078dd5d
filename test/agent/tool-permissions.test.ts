// Permission policies of built-in tools: `always_ask` holds a call until the user confirms it (`user.tool_confirmation`):
// allowed, it runs; denied, the model is told why and nothing runs. `always_allow` calls run at once and say so.
import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { allEvents, api, createAgent, createEnvironment, lucidClient, waitForStatus } from "../fixtures/lucid";
import { receivedRequests, scriptReplies, type SimReply, textReply } from "../fixtures/simulator";

const client = lucidClient();
const call = (name: string, input: Record<string, unknown>): SimReply => ({ type: "message", content: [{ type: "tool_use", name, input }] });
const ask = (text: string) => [{ type: "user.message" as const, content: [{ type: "text" as const, text }] }];

/** An agent whose file tools all ask first, in a session whose model writes a file and then answers. */
async function heldWrite(policy: "always_ask" | "always_allow" = "always_ask") {
  const agent = await createAgent(client, {
    tools: [{ type: "agent_toolset_20260401", default_config: { permission_policy: { type: policy } } }],
  });
  await scriptReplies(agent.id, [call("write", { file_path: "/report.md", content: "The draft." }), textReply("Done.")]);
  const environment = await createEnvironment(client);
  const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, initial_events: ask("Write the report.") });
  await waitForStatus(client, session.id, ["idle"]);
  const toolUse = (await allEvents(client, session.id)).find(
    (event) => event.type === "agent.tool_use",
  ) as Anthropic.Beta.Sessions.BetaManagedAgentsAgentToolUseEvent;
  return { session, toolUse };
}

/** Why the session last went idle, as its status event says. */
async function stopReason(sessionId: string) {
  const idles = (await allEvents(client, sessionId)).filter((event) => event.type === "session.status_idle");
  return (idles.at(-1) as Anthropic.Beta.Sessions.BetaManagedAgentsSessionStatusIdleEvent | undefined)?.stop_reason;
}

const fileStatus = async (sessionId: string) => (await api(`/v1/sessions/${sessionId}/workspace/files/report.md`)).status;

describe("tool permission policies", () => {
  it("holds an always_ask call, idle with requires_action, until the user allows it; then it runs", async () => {
    const { session, toolUse } = await heldWrite();
    expect(toolUse.evaluated_permission).toBe("ask");
    expect(await stopReason(session.id)).toEqual({ type: "requires_action", event_ids: [toolUse.id] });
    expect(await fileStatus(session.id)).toBe(404);

    await client.beta.sessions.events.send(session.id, { events: [{ type: "user.tool_confirmation", tool_use_id: toolUse.id, result: "allow" }] });
    await waitForStatus(client, session.id, ["idle"]);
    const events = await allEvents(client, session.id);
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(["user.tool_confirmation", "agent.tool_result", "agent.message"]));
    expect(events.find((event) => event.type === "agent.tool_result")).toMatchObject({ tool_use_id: toolUse.id, is_error: false });
    expect(await fileStatus(session.id)).toBe(200);
    expect(await stopReason(session.id)).toEqual({ type: "end_turn" });
  });

  it("answers a denied call with the denial and its message, and never runs it", async () => {
    const { session, toolUse } = await heldWrite();
    await client.beta.sessions.events.send(session.id, {
      events: [{ type: "user.tool_confirmation", tool_use_id: toolUse.id, result: "deny", deny_message: "Not in that folder." }],
    });
    await waitForStatus(client, session.id, ["idle"]);
    const result = (await allEvents(client, session.id)).find((event) => event.type === "agent.tool_result");
    expect(result).toMatchObject({
      tool_use_id: toolUse.id,
      is_error: true,
      content: [{ type: "text", text: "The user denied this tool call: Not in that folder." }],
    });
    expect(await fileStatus(session.id)).toBe(404);
    // The model read the denial as the call's result.
    const lastRequest = (await receivedRequests(session.id)).at(-1)!;
    expect(JSON.stringify(lastRequest.body.messages)).toContain("The user denied this tool call: Not in that folder.");
  });

  it("refuses confirmations of calls that wait for none, a deny message on allow, and messages while a call waits", async () => {
    const { session, toolUse } = await heldWrite();
    const refused = async (events: unknown[]) => {
      const error = await client.beta.sessions.events.send(session.id, { events } as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      return (error as Error).message;
    };
    expect(await refused([{ type: "user.tool_confirmation", tool_use_id: "sevt_none", result: "allow" }])).toMatch(/waiting for a user.tool_confirmation/);
    expect(await refused([{ type: "user.tool_confirmation", tool_use_id: toolUse.id, result: "allow", deny_message: "x" }])).toMatch(
      /only allowed when result is 'deny'/,
    );
    expect(await refused(ask("Never mind."))).toMatch(/waiting for user.tool_confirmation/);
    // Still held, nothing recorded by the refusals.
    expect((await allEvents(client, session.id)).some((event) => event.type === "user.tool_confirmation")).toBe(false);
  });

  it("runs always_allow calls at once and records that they were allowed", async () => {
    const { session, toolUse } = await heldWrite("always_allow");
    expect(toolUse.evaluated_permission).toBe("allow");
    expect(await stopReason(session.id)).toEqual({ type: "end_turn" });
    expect(await fileStatus(session.id)).toBe(200);
  });
});
