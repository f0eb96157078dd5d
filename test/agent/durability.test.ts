import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { allWork, putWork } from "../../src/schedule/work-schedule";
import { allEvents, createAgent, createEnvironment, lucidClient, waitForStatus } from "../fixtures/lucid";
import { receivedRequests, scriptReplies, textReply } from "../fixtures/simulator";
import { replaceWorkRunner } from "../fixtures/agent-object";

const client = lucidClient();

async function waitForEvent(sessionId: string, type: string) {
  const deadline = Date.now() + 5_000;
  while (!(await allEvents(client, sessionId)).some((event) => event.type === type)) {
    if (Date.now() > deadline) throw new Error(`no ${type} event`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("durable steps", () => {
  it("resumes a step that died with its object, without repeating what was recorded", async () => {
    const agent = await createAgent(client);
    await scriptReplies(agent.id, [textReply("lost with the crash", { delay_ms: 3_000 }), textReply("Recovered answer.")]);
    const environment = await createEnvironment(client);
    const session = await client.beta.sessions.create({
      agent: agent.id,
      environment_id: environment.id,
      initial_events: [{ type: "user.message", content: [{ type: "text", text: "Work through the night." }] }],
    });
    await waitForEvent(session.id, "span.model_request_start");

    // The object dies mid-call: its in-memory step is gone; the schedule row and the alarm remain.
    await abortAllDurableObjects();
    const stub = env.AGENT.getByName(agent.id);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await waitForStatus(client, session.id, ["idle"]);

    const events = await allEvents(client, session.id);
    expect(events.filter((event) => event.type === "span.model_request_start")).toHaveLength(1);
    const messages = events.filter((event) => event.type === "agent.message").map((event) => JSON.stringify(event));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("Recovered answer.");
    expect(await receivedRequests(session.id)).toHaveLength(2);

    // Alarms are at-least-once: delivering the same step again changes nothing and calls no model.
    await runInDurableObject(stub, (_instance, state) => putWork(state.storage.sql, "session_step", session.id, Date.now()));
    await runDurableObjectAlarm(stub);
    expect(await allEvents(client, session.id)).toEqual(events);
    expect(await receivedRequests(session.id)).toHaveLength(2);
  });

  it("keeps the transcript and pending tool calls across eviction", async () => {
    const agent = await createAgent(client, {
      tools: [{ type: "custom", name: "sign", description: "Sign a document", input_schema: { type: "object", properties: {} } }],
    });
    await scriptReplies(agent.id, [{ type: "message", content: [{ type: "tool_use", name: "sign", input: {} }] }, textReply("Signed.")]);
    const environment = await createEnvironment(client);
    const session = await client.beta.sessions.create({
      agent: agent.id,
      environment_id: environment.id,
      initial_events: [{ type: "user.message", content: [{ type: "text", text: "Sign it." }] }],
    });
    await waitForStatus(client, session.id, ["idle"]);
    await abortAllDurableObjects();

    const toolUse = (await allEvents(client, session.id)).find((event) => event.type === "agent.custom_tool_use");
    await client.beta.sessions.events.send(session.id, { events: [{ type: "user.custom_tool_result", custom_tool_use_id: toolUse!.id }] });
    await waitForStatus(client, session.id, ["idle"]);
    const events = await allEvents(client, session.id);
    expect(events.filter((event) => event.type === "agent.custom_tool_use")).toHaveLength(1);
    expect(JSON.stringify(events)).toContain("Signed.");
  });

  it("retries failed work a few seconds later instead of spinning on it", async () => {
    const agent = await createAgent(client);
    const stub = env.AGENT.getByName(agent.id);
    let attempts = 0;
    const before = Date.now();
    await runInDurableObject(stub, (instance, state) => {
      // Work that keeps failing, as an unreachable object would make it.
      replaceWorkRunner(instance, "agent_dream", () => (attempts++, Promise.reject(new Error("dream object unreachable"))));
      putWork(state.storage.sql, "agent_dream", agent.id, Date.now());
      return state.storage.setAlarm(Date.now());
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [row] = await runInDurableObject(stub, (_instance, state) => allWork(state.storage.sql));
    expect(attempts).toBe(1);
    expect(row).toMatchObject({ kind: "agent_dream", ref: agent.id });
    expect(row!.due_at).toBeGreaterThanOrEqual(before + 4_000);
    expect(await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm())).toBe(row!.due_at);
  });
});
