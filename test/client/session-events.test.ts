// LucidClient.sessionEvents: live events over SSE and WebSockets, resumed after a dropped connection with every
// event delivered exactly once and in order.
import { describe, expect, it } from "vitest";
import type { SessionEvent } from "../../client/index";
import { allEvents, createAgent, createEnvironment, lucidClient, lucidFetch, waitForStatus } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";
import { BASE_URL, cutSseBody, newTenant, testClient } from "./client-fixtures";

const sdk = lucidClient();
const ask = (text: string) => ({ events: [{ type: "user.message" as const, content: [{ type: "text" as const, text }] }] });

/** A session that has answered once ("First.") and will answer "Second." to the next message. */
async function sessionWithOneTurn(client = sdk) {
  const agent = await createAgent(client);
  const environment = await createEnvironment(client);
  const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
  await scriptReplies(agent.id, [textReply("First."), textReply("Second.")]);
  await client.beta.sessions.events.send(session.id, ask("One."));
  await waitForStatus(client, session.id, ["idle"]);
  return session;
}

/** Reads until the session went idle after answering "Second.", failing rather than hanging. */
async function readThroughSecondTurn(events: AsyncIterable<SessionEvent>, onEvent: (event: SessionEvent, seen: SessionEvent[]) => void = () => {}) {
  const seen: SessionEvent[] = [];
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`stream stalled after ${seen.map((e) => e.type).join(",")}`)), 10_000));
  const reading = (async () => {
    let answered = false;
    for await (const event of events) {
      seen.push(event);
      onEvent(event, seen);
      answered ||= JSON.stringify(event).includes("Second.");
      if (answered && event.type === "session.status_idle") break;
    }
    return seen;
  })();
  return Promise.race([reading, timeout]);
}

describe("sessionEvents over SSE", () => {
  it("replays the transcript, goes live, and resumes after a cut connection without gap or duplicate", async () => {
    const session = await sessionWithOneTurn();
    const streamUrls: string[] = [];
    const cuttingFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const response = await lucidFetch(request);
      if (!request.url.includes("/events/stream")) return response;
      streamUrls.push(request.url);
      // The first connection drops after two events; later ones run on.
      return streamUrls.length === 1 ? new Response(cutSseBody(response.body!, 2), { headers: response.headers }) : response;
    };
    const lucid = testClient(undefined, { fetch: cuttingFetch });

    const reading = readThroughSecondTurn(lucid.sessionEvents(session.id));
    await sdk.beta.sessions.events.send(session.id, ask("Two."));
    const seen = await reading;

    const transcript = await allEvents(sdk, session.id);
    expect(seen.map((event) => event.id)).toEqual(transcript.map((event) => event.id));
    expect(streamUrls).toHaveLength(2);
    expect(new URL(streamUrls[1]!).searchParams.get("after_id")).toBe(transcript[1]!.id);
  });

  it("starts after afterId and yields text previews when eventDeltas asks for them", async () => {
    const session = await sessionWithOneTurn();
    const transcript = await allEvents(sdk, session.id);
    const lucid = testClient();
    const frames: { type: string; id?: string }[] = [];
    const reading = (async () => {
      for await (const frame of lucid.sessionEvents(session.id, { afterId: transcript.at(-1)!.id, eventDeltas: true })) {
        frames.push(frame);
        if (frame.type === "session.status_idle") break;
      }
    })();
    await sdk.beta.sessions.events.send(session.id, ask("Two."));
    await reading;
    const durable = frames.filter((frame) => frame.type !== "event_start" && frame.type !== "event_delta");
    expect(durable.map((frame) => frame.id)).toEqual((await allEvents(sdk, session.id)).slice(transcript.length).map((event) => event.id));
    expect(frames.some((frame) => frame.type === "event_delta")).toBe(true);
  });

  it("ends when its signal aborts", async () => {
    const session = await sessionWithOneTurn();
    const controller = new AbortController();
    const seen: SessionEvent[] = [];
    for await (const event of testClient().sessionEvents(session.id, { signal: controller.signal })) {
      seen.push(event);
      if (seen.length === 2) controller.abort();
    }
    expect(seen).toHaveLength(2);
  });

  it("fails with the API's error for a session of another tenant", async () => {
    const session = await sessionWithOneTurn();
    const { lucid } = await newTenant();
    await expect(lucid.sessionEvents(session.id)[Symbol.asyncIterator]().next()).rejects.toMatchObject({ status: 404, type: "not_found_error" });
  });
});

describe("sessionEvents over a WebSocket", () => {
  it("opens the socket through an injected fetch and resumes after the socket closes mid-stream", async () => {
    const session = await sessionWithOneTurn();
    const sockets: WebSocket[] = [];
    const streamUrls: string[] = [];
    const recordingFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const response = await lucidFetch(request);
      if (response.webSocket) {
        sockets.push(response.webSocket);
        streamUrls.push(request.url);
      }
      return response;
    };
    const lucid = testClient(undefined, { fetch: recordingFetch });

    const reading = readThroughSecondTurn(lucid.sessionEvents(session.id, { transport: "websocket" }), (_, seen) => {
      // The connection goes away after the second event, as a network change would take it.
      if (seen.length === 2) sockets[0]!.close(4000, "dropped by the test");
    });
    await sdk.beta.sessions.events.send(session.id, ask("Two."));
    const seen = await reading;

    const transcript = await allEvents(sdk, session.id);
    expect(seen.map((event) => event.id)).toEqual(transcript.map((event) => event.id));
    // Events already in flight when the socket closed may still arrive; the next socket resumes after the last of them.
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    const resumedAfter = new URL(streamUrls[1]!).searchParams.get("after_id");
    expect(seen.slice(1, -1).map((event) => event.id)).toContain(resumedAfter);
  });

  it("signs in with the key as a subprotocol through a standard WebSocket factory, and ends when the session is deleted", async () => {
    const { key } = await newTenant();
    const tenantSdk = lucidClient(key);
    const session = await sessionWithOneTurn(tenantSdk);
    const opened: { url: string; protocols: string[]; answered: string | null }[] = [];
    const lucid = testClient(key, { webSocket: (url, protocols) => bridgedWebSocket(url, protocols, opened) });

    const seen: SessionEvent[] = [];
    const reading = (async () => {
      for await (const event of lucid.sessionEvents(session.id, { transport: "websocket" })) seen.push(event);
    })();
    const transcript = await allEvents(tenantSdk, session.id);
    await expect.poll(() => seen.length).toBe(transcript.length);
    await tenantSdk.beta.sessions.delete(session.id);
    await reading;

    expect(seen.map((event) => event.id)).toEqual(transcript.map((event) => event.id));
    expect(opened).toHaveLength(1);
    expect(opened[0]!.url).toBe(`${BASE_URL.replace("http", "ws")}/v1/sessions/${session.id}/events/stream`);
    expect(opened[0]!.protocols).toEqual(["lucid.v1", `lucid.key.${key}`]);
    expect(opened[0]!.answered).toBe("lucid.v1");
  });
});

/**
 * What `new WebSocket(url, protocols)` gives a browser, built inside workerd: the handshake carries only the
 * subprotocols (no key header), and the socket handed back relays the Worker's socket.
 */
function bridgedWebSocket(url: string, protocols: string[], opened: { url: string; protocols: string[]; answered: string | null }[]): WebSocket {
  const { 0: relay, 1: socket } = new WebSocketPair();
  relay.accept();
  socket.accept();
  void lucidFetch(url.replace(/^ws/, "http"), { headers: { upgrade: "websocket", "sec-websocket-protocol": protocols.join(", ") } }).then((response) => {
    opened.push({ url, protocols, answered: response.headers.get("sec-websocket-protocol") });
    const upstream = response.webSocket;
    if (!upstream) return relay.close(4401, `handshake refused with ${response.status}`);
    upstream.accept();
    upstream.addEventListener("message", (message) => relay.send(message.data));
    upstream.addEventListener("close", (event) => relay.close(event.code, event.reason));
  });
  return socket;
}
