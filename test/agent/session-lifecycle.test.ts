import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { allEvents, createAgent, createEnvironment, lucidClient, waitForEvents, waitForStatus } from "../fixtures/lucid";
import { receivedRequests, scriptReplies, textReply } from "../fixtures/simulator";

const client = lucidClient();
const userMessage = (text: string) => ({ type: "user.message" as const, content: [{ type: "text" as const, text }] });

async function startSession(agentId: string, text?: string) {
  const environment = await createEnvironment(client);
  return client.beta.sessions.create({
    agent: agentId,
    environment_id: environment.id,
    title: "NDA for Acme",
    initial_events: text ? [userMessage(text)] : undefined,
  });
}

describe("a session", () => {
  it("runs a task to the end and records the whole transcript with usage and cost", async () => {
    const agent = await createAgent(client);
    await scriptReplies(agent.id, [textReply("Here is the NDA draft.", { usage: { input_tokens: 1200, output_tokens: 300 } })]);
    const created = await startSession(agent.id, "Draft an NDA for Acme.");
    expect(created.status).toBe("running");

    const session = await waitForStatus(client, created.id, ["idle"]);
    const events = await allEvents(client, session.id);
    expect(events.map((event) => event.type)).toEqual([
      "user.message",
      "session.status_running",
      "lucid.memory_loaded",
      "span.model_request_start",
      "span.model_request_end",
      "agent.message",
      "session.status_idle",
    ]);
    const idle = events[6] as Anthropic.Beta.Sessions.BetaManagedAgentsSessionStatusIdleEvent;
    expect(idle.stop_reason).toEqual({ type: "end_turn" });
    expect(events[5]).toMatchObject({ content: [{ type: "text", text: "Here is the NDA draft." }] });
    expect(events[4]).toMatchObject({ is_error: false, model_request_start_id: events[3]!.id, model_usage: { input_tokens: 1200, output_tokens: 300 } });

    expect(session.usage).toMatchObject({ input_tokens: 1200, output_tokens: 300 });
    // claude-sonnet list price: 1200 × $3/M + 300 × $15/M = $0.0081, about one cent.
    expect(session.usage.list_cost).toEqual({ amount: "1", currency: "USD" });
    expect((session as unknown as { stop_reason: unknown }).stop_reason).toEqual({ type: "end_turn" });

    const [request] = await receivedRequests(session.id);
    expect(request?.body.metadata?.user_id).toBe(`${agent.id}/${session.id}`);
    // The agent's system prompt, then its memory block: the last block carries the cache mark for the whole prefix.
    expect(request?.body.system).toEqual([
      { type: "text", text: "You are a careful test agent." },
      { type: "text", text: expect.stringContaining("<memory>"), cache_control: { type: "ephemeral" } },
    ]);
    expect(request?.body.messages).toEqual([{ role: "user", content: [{ type: "text", text: "Draft an NDA for Acme." }] }]);
  });

  it("answers from the simulator's default policy when nothing is scripted", async () => {
    const agent = await createAgent(client);
    const session = await startSession(agent.id, "Summarise the lease.");
    await waitForStatus(client, session.id, ["idle"]);
    const reply = (await allEvents(client, session.id)).find((event) => event.type === "agent.message");
    expect(JSON.stringify(reply)).toContain('Simulated reply to: \\"Summarise the lease.\\"');
  });

  it("takes follow-up messages, continuing the same conversation", async () => {
    const agent = await createAgent(client);
    await scriptReplies(agent.id, [textReply("Draft one."), textReply("Draft two, shorter.")]);
    const session = await startSession(agent.id, "Draft it.");
    await waitForStatus(client, session.id, ["idle"]);
    const sent = await client.beta.sessions.events.send(session.id, { events: [userMessage("Make it shorter.")] });
    expect(sent.data?.[0]).toMatchObject({ type: "user.message" });
    await waitForStatus(client, session.id, ["idle"]);

    const requests = await receivedRequests(session.id);
    expect(requests).toHaveLength(2);
    expect(requests[1]?.body.messages.map((message) => message.role)).toEqual(["user", "assistant", "user"]);
    const texts = (await allEvents(client, session.id)).filter((event) => event.type === "agent.message").map((event) => JSON.stringify(event));
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain("Draft two, shorter.");
  });

  it("queues a message sent while the agent is working and answers it next", async () => {
    const agent = await createAgent(client);
    await scriptReplies(agent.id, [textReply("First answer.", { delay_ms: 400 }), textReply("Second answer.")]);
    const session = await startSession(agent.id, "First question.");
    const queued = await client.beta.sessions.events.send(session.id, { events: [userMessage("Second question.")] });
    expect(queued.data?.[0]).toMatchObject({ type: "user.message", processed_at: null });

    await waitForStatus(client, session.id, ["idle"]);
    const events = await allEvents(client, session.id);
    const order = events.filter((event) => event.type === "user.message" || event.type === "agent.message").map((event) => JSON.stringify(event));
    expect(order.map((text) => /First question|First answer|Second question|Second answer/.exec(text)?.[0])).toEqual([
      "First question",
      "First answer",
      "Second question",
      "Second answer",
    ]);
    expect(events.find((event) => event.id === queued.data?.[0]?.id)?.processed_at).toBeTruthy();
  });
});

describe("custom tools", () => {
  it("pauses with requires_action until the client returns the tool result, then continues", async () => {
    const agent = await createAgent(client, {
      tools: [
        {
          type: "custom",
          name: "get_clause",
          description: "Fetch a clause",
          input_schema: { type: "object", properties: { topic: { type: "string" } }, required: ["topic"] },
        },
      ],
    });
    await scriptReplies(agent.id, [
      {
        type: "message",
        content: [
          { type: "text", text: "Let me look that up." },
          { type: "tool_use", name: "get_clause", input: { topic: "confidentiality" } },
        ],
      },
      textReply("The clause says: keep it secret."),
    ]);
    const session = await startSession(agent.id, "What does the confidentiality clause say?");
    const waiting = await waitForStatus(client, session.id, ["idle"]);
    const toolUse = (await allEvents(client, session.id)).find(
      (event): event is Anthropic.Beta.Sessions.BetaManagedAgentsAgentCustomToolUseEvent => event.type === "agent.custom_tool_use",
    );
    expect(toolUse).toMatchObject({ name: "get_clause", input: { topic: "confidentiality" } });
    expect((waiting as unknown as { stop_reason: unknown }).stop_reason).toEqual({ type: "requires_action", event_ids: [toolUse!.id] });

    await expect(client.beta.sessions.events.send(session.id, { events: [userMessage("hello?")] })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    await expect(
      client.beta.sessions.events.send(session.id, { events: [{ type: "user.custom_tool_result", custom_tool_use_id: "sevt_unknown" }] }),
    ).rejects.toBeInstanceOf(Anthropic.BadRequestError);

    await client.beta.sessions.events.send(session.id, {
      events: [{ type: "user.custom_tool_result", custom_tool_use_id: toolUse!.id, content: [{ type: "text", text: "Keep it secret." }] }],
    });
    await waitForStatus(client, session.id, ["idle"]);
    const events = await allEvents(client, session.id);
    expect(events.filter((event) => event.type === "agent.custom_tool_use")).toHaveLength(1);
    expect(JSON.stringify(events.at(-2))).toContain("keep it secret");

    const requests = await receivedRequests(session.id);
    expect(requests[1]?.body.messages[2]).toEqual({
      role: "user",
      content: [{ type: "tool_result", tool_use_id: toolUse!.id, content: [{ type: "text", text: "Keep it secret." }], is_error: false }],
    });
  });
});

describe("interrupting", () => {
  it("stops the current step cleanly and accepts new work after", async () => {
    const agent = await createAgent(client);
    await scriptReplies(agent.id, [textReply("A very slow answer.", { delay_ms: 10_000 }), textReply("Redirected answer.")]);
    const session = await startSession(agent.id, "Start something long.");
    await waitForEvents(client, session.id, "span.model_request_start", 1, 5_000);
    await client.beta.sessions.events.send(session.id, { events: [{ type: "user.interrupt" }, userMessage("Do this instead.")] });
    await waitForStatus(client, session.id, ["idle"]);

    const events = await allEvents(client, session.id);
    const messages = events.filter((event) => event.type === "agent.message").map((event) => JSON.stringify(event));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("Redirected answer.");
    expect(events.map((event) => event.type)).toContain("user.interrupt");
  });
});

describe("reading the transcript", () => {
  it("pages through events in order with the SDK's auto-pagination, and filters by type", async () => {
    const agent = await createAgent(client);
    await scriptReplies(agent.id, [textReply("One."), textReply("Two.")]);
    const session = await startSession(agent.id, "First.");
    await waitForStatus(client, session.id, ["idle"]);
    await client.beta.sessions.events.send(session.id, { events: [userMessage("Second.")] });
    await waitForStatus(client, session.id, ["idle"]);

    const everything = await allEvents(client, session.id);
    const firstPage = await client.beta.sessions.events.list(session.id, { limit: 3 });
    expect(firstPage.data.map((event) => event.id)).toEqual(everything.slice(0, 3).map((event) => event.id));
    expect(firstPage.next_page).toBeTruthy();
    const paged: string[] = [];
    for await (const event of client.beta.sessions.events.list(session.id, { limit: 3 })) paged.push(event.id);
    expect(paged).toEqual(everything.map((event) => event.id));

    const newestFirst = await client.beta.sessions.events.list(session.id, { order: "desc", limit: 1 });
    expect(newestFirst.data[0]?.id).toBe(everything.at(-1)?.id);
    const onlyReplies = await client.beta.sessions.events.list(session.id, { types: ["agent.message"] });
    expect(onlyReplies.data.map((event) => event.type)).toEqual(["agent.message", "agent.message"]);
  });
});

describe("session management", () => {
  it("updates, lists, archives and deletes sessions", async () => {
    const agent = await createAgent(client);
    const session = await startSession(agent.id);
    expect(session.status).toBe("idle");
    const updated = await client.beta.sessions.update(session.id, { title: "Renamed", metadata: { matter: "42" } });
    expect(updated).toMatchObject({ title: "Renamed", metadata: { matter: "42" } });

    const listed = await client.beta.sessions.list({ agent_id: agent.id });
    expect(listed.data.map((item) => item.id)).toEqual([session.id]);
    expect(listed.data[0]?.title).toBe("Renamed");

    const archived = await client.beta.sessions.archive(session.id);
    expect(archived.archived_at).not.toBeNull();
    expect((await client.beta.sessions.list({ agent_id: agent.id })).data).toHaveLength(0);
    await expect(client.beta.sessions.events.send(session.id, { events: [userMessage("hi")] })).rejects.toBeInstanceOf(Anthropic.BadRequestError);

    await expect(client.beta.sessions.delete(session.id)).resolves.toEqual({ id: session.id, type: "session_deleted" });
    await expect(client.beta.sessions.retrieve(session.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    expect((await client.beta.sessions.list({ agent_id: agent.id, include_archived: true })).data).toHaveLength(0);
  });

  it("starts sessions on a chosen agent version", async () => {
    const agent = await createAgent(client);
    await client.beta.agents.update(agent.id, { system: "Version two." });
    const environment = await createEnvironment(client);
    const session = await client.beta.sessions.create({ agent: { type: "agent", id: agent.id, version: 1 }, environment_id: environment.id });
    expect(session.agent).toMatchObject({ id: agent.id, version: 1, system: "You are a careful test agent." });
    await expect(client.beta.sessions.create({ agent: { type: "agent", id: agent.id, version: 9 }, environment_id: environment.id })).rejects.toBeInstanceOf(
      Anthropic.NotFoundError,
    );
  });
});
