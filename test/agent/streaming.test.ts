import type Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { allEvents, api, createAgent, createEnvironment, lucidClient, waitForStatus } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";

const client = lucidClient();
type StreamEvent = Anthropic.Beta.Sessions.BetaManagedAgentsStreamSessionEvents;
const ask = (text: string) => ({ events: [{ type: "user.message" as const, content: [{ type: "text" as const, text }] }] });

async function idleSession() {
  const agent = await createAgent(client);
  const environment = await createEnvironment(client);
  const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
  return { agent, session };
}

/** Reads a stream until `stop` says so, failing rather than hanging if it never does. */
async function readUntil(stream: AsyncIterable<StreamEvent>, stop: (event: StreamEvent) => boolean): Promise<StreamEvent[]> {
  const seen: StreamEvent[] = [];
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`stream stalled after ${seen.map((e) => e.type).join(",")}`)), 10_000));
  const reading = (async () => {
    for await (const event of stream) {
      seen.push(event);
      if (stop(event)) break;
    }
    return seen;
  })();
  return Promise.race([reading, timeout]);
}

describe("SSE streaming", () => {
  it("streams a session live through the SDK, with text previews that add up to the final message", async () => {
    const { agent, session } = await idleSession();
    await scriptReplies(agent.id, [textReply("The indemnity clause is one-sided and should be mutual.", { chunk_delay_ms: 5 })]);
    const stream = await client.beta.sessions.events.stream(session.id, { event_deltas: ["agent.message"] });
    await client.beta.sessions.events.send(session.id, ask("Review the indemnity clause."));
    const seen = await readUntil(stream, (event) => event.type === "session.status_idle");

    const message = seen.find((event) => event.type === "agent.message") as Anthropic.Beta.Sessions.BetaManagedAgentsAgentMessageEvent;
    const start = seen.find((event) => event.type === "event_start") as Anthropic.Beta.Sessions.BetaManagedAgentsStartEvent;
    const deltas = seen.filter((event): event is Anthropic.Beta.Sessions.BetaManagedAgentsDeltaEvent => event.type === "event_delta");
    expect(start.event).toEqual({ id: message.id, type: "agent.message" });
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.every((delta) => delta.event_id === message.id)).toBe(true);
    expect(deltas.map((delta) => delta.delta.content.text).join("")).toBe("The indemnity clause is one-sided and should be mutual.");
    expect(seen.indexOf(start)).toBeLessThan(seen.indexOf(message));

    // Previews never enter the transcript; the streamed durable events are exactly the recorded ones.
    const durable = seen.filter((event) => event.type !== "event_start" && event.type !== "event_delta");
    expect(durable).toEqual(await allEvents(client, session.id));
  });

  it("sends no previews to readers that did not ask for them", async () => {
    const { agent, session } = await idleSession();
    await scriptReplies(agent.id, [textReply("Plain.")]);
    const stream = await client.beta.sessions.events.stream(session.id);
    await client.beta.sessions.events.send(session.id, ask("Go."));
    const seen = await readUntil(stream, (event) => event.type === "session.status_idle");
    expect(seen.some((event) => event.type === "event_delta" || event.type === "event_start")).toBe(false);
  });

  it("replays from the last event a reader saw, then goes live, with no gap and no duplicate", async () => {
    const { agent, session } = await idleSession();
    await scriptReplies(agent.id, [textReply("First."), textReply("Second.")]);
    await client.beta.sessions.events.send(session.id, ask("One."));
    await waitForStatus(client, session.id, ["idle"]);
    const history = await allEvents(client, session.id);
    const lastSeen = history[2]!;

    const stream = await client.beta.sessions.events.stream(session.id, {}, { headers: { "last-event-id": lastSeen.id } });
    await client.beta.sessions.events.send(session.id, ask("Two."));
    let answered = false;
    const seen = await readUntil(stream, (event) => {
      answered ||= JSON.stringify(event).includes("Second.");
      return answered && event.type === "session.status_idle";
    });

    const ids = seen.map((event) => (event as { id: string }).id);
    expect(new Set(ids).size).toBe(ids.length);
    const everything = await allEvents(client, session.id);
    expect(ids).toEqual(everything.slice(3).map((event) => event.id));
  });

  it("refuses to resume after an event of another session", async () => {
    const { session } = await idleSession();
    const response = await api(`/v1/sessions/${session.id}/events/stream?after_id=sevt_not_here`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  });
});

describe("WebSocket streaming", () => {
  it("replays after a given event, then delivers live events and previews", async () => {
    const { agent, session } = await idleSession();
    await scriptReplies(agent.id, [textReply("Earlier reply."), textReply("Live reply.", { chunk_delay_ms: 5 })]);
    await client.beta.sessions.events.send(session.id, ask("Earlier."));
    await waitForStatus(client, session.id, ["idle"]);
    const history = await allEvents(client, session.id);

    const response = await api(`/v1/sessions/${session.id}/events/stream?after_id=${history[0]!.id}&event_deltas[]=agent.message`, {
      headers: { upgrade: "websocket" },
    });
    expect(response.status).toBe(101);
    const socket = response.webSocket!;
    const received: { id?: string; type: string }[] = [];
    const done = new Promise<void>((resolve, reject) => {
      setTimeout(() => reject(new Error("websocket stalled")), 10_000);
      socket.addEventListener("message", (message) => {
        const event = JSON.parse(String(message.data)) as { id?: string; type: string };
        received.push(event);
        if (event.type === "session.status_idle" && received.some((e) => JSON.stringify(e).includes("Live reply."))) resolve();
      });
    });
    socket.accept();
    await client.beta.sessions.events.send(session.id, ask("Now live."));
    await done;
    socket.close();

    const durable = received.filter((event) => event.type !== "event_start" && event.type !== "event_delta");
    expect(durable.map((event) => event.id)).toEqual((await allEvents(client, session.id)).slice(1).map((event) => event.id));
    expect(received.some((event) => event.type === "event_delta")).toBe(true);
  });
});
