// Revoking a tenant key ends the live streams it opened: SSE bodies end and WebSockets close with 1008, while the
// tenant's other keys keep theirs; a holder the revocation could not reach is closed by the directory's alarm.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { directoryOf } from "../../src/platform/stubs";
import { api, createAgent, createEnvironment, lucidClient, MODEL } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";

async function createKey(tenantId?: string) {
  const response = await api("/v1/api_keys", { method: "POST", json: { name: "streams", tenant_id: tenantId } });
  return (await response.json()) as { id: string; key: string; tenant_id: string };
}

async function idleSession(key: string) {
  const client = lucidClient(key);
  const agent = await createAgent(client);
  const environment = await createEnvironment(client);
  const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
  return { client, agent, session };
}

/** An SSE stream of the session, read into `text` as it arrives, until its body ends. */
async function openSse(sessionId: string, key: string) {
  const response = await api(`/v1/sessions/${sessionId}/events/stream`, { apiKey: key });
  expect(response.status).toBe(200);
  const stream = { text: "", ended: false };
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    for (let read = await reader.read(); !read.done; read = await reader.read()) stream.text += read.value;
    stream.ended = true;
  })();
  return stream;
}

/** A WebSocket on the session's stream, its messages read into `text`, and its close code once closed. */
async function openSocket(sessionId: string, key: string) {
  const response = await api(`/v1/sessions/${sessionId}/events/stream`, { apiKey: key, headers: { upgrade: "websocket" } });
  expect(response.status).toBe(101);
  const socket = response.webSocket!;
  const stream = { text: "", closeCode: null as number | null };
  socket.addEventListener("message", (message) => (stream.text += String(message.data)));
  socket.addEventListener("close", (event) => (stream.closeCode = event.code));
  socket.accept();
  return stream;
}

/** Waits for what the streams show, failing with `what` rather than hanging. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`never saw ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("revoking a key ends its streams", () => {
  it("ends its SSE streams and closes its WebSockets with 1008; another key of the tenant keeps streaming", async () => {
    const revoked = await createKey();
    const kept = await createKey(revoked.tenant_id);
    const { agent, session } = await idleSession(revoked.key);
    const [revokedSse, revokedSocket, keptSse, keptSocket] = [
      await openSse(session.id, revoked.key),
      await openSocket(session.id, revoked.key),
      await openSse(session.id, kept.key),
      await openSocket(session.id, kept.key),
    ];

    expect((await api(`/v1/api_keys/${revoked.id}`, { method: "DELETE" })).status).toBe(200);
    await until(() => revokedSse.ended && revokedSocket.closeCode !== null, "the revoked key's streams end");
    expect(revokedSocket.closeCode).toBe(1008);
    expect(keptSse.ended || keptSocket.closeCode !== null).toBe(false);

    await scriptReplies(agent.id, [textReply("Still streaming.")]);
    const response = await api(`/v1/sessions/${session.id}/events`, {
      method: "POST",
      apiKey: kept.key,
      json: { events: [{ type: "user.message", content: [{ type: "text", text: "Are you there?" }] }] },
    });
    expect(response.status).toBe(200);
    await until(() => keptSse.text.includes("Still streaming.") && keptSocket.text.includes("Still streaming."), "the reply on the kept key's streams");
    expect(revokedSse.text).not.toContain("Still streaming.");
    expect(revokedSocket.text).not.toContain("Still streaming.");
  });

  it("ends a dream's progress stream too, whose session the dream's own object holds", async () => {
    const key = await createKey();
    const { client, agent, session } = await idleSession(key.key);
    const { memory_store_id } = agent as typeof agent & { memory_store_id: string };
    const inputs = [
      { type: "memory_store" as const, memory_store_id },
      { type: "sessions" as const, session_ids: [session.id] },
    ];
    const dream = await client.beta.dreams.create({ inputs, model: MODEL });
    const sessionId = dream.session_id!;
    const [sse, socket] = [await openSse(sessionId, key.key), await openSocket(sessionId, key.key)];
    expect((await api(`/v1/api_keys/${key.id}`, { method: "DELETE" })).status).toBe(200);
    await until(() => sse.ended && socket.closeCode !== null, "the dream's streams end");
    expect(socket.closeCode).toBe(1008);
  });

  it("refuses to record a stream for a key revoked while it opened, so the edge ends that stream itself", async () => {
    const key = await createKey();
    const { agent } = await idleSession(key.key);
    const directory = directoryOf(env, key.tenant_id);
    expect(await directory.recordKeyStream(key.id, { kind: "agent", id: agent.id })).toBe(true);
    expect((await api(`/v1/api_keys/${key.id}`, { method: "DELETE" })).status).toBe(200);
    expect(await directory.recordKeyStream(key.id, { kind: "agent", id: agent.id })).toBe(false);
  });

  it("closes, at the directory's next alarm, the streams of a revoked key whose holder was not reached", async () => {
    const key = await createKey();
    const { session } = await idleSession(key.key);
    const socket = await openSocket(session.id, key.key);
    const directory = env.DIRECTORY.getByName(key.tenant_id);
    // The state a failed revocation leaves: the key gone, its stream's record kept for the alarm to retry.
    await runInDurableObject(directory, async (_instance, state) => {
      state.storage.sql.exec("DELETE FROM api_keys WHERE id = ?", key.id);
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    expect(await runDurableObjectAlarm(directory)).toBe(true);
    await until(() => socket.closeCode !== null, "the revoked key's WebSocket close");
    expect(socket.closeCode).toBe(1008);
    const left = await runInDurableObject(directory, (_instance, state) =>
      state.storage.sql.exec("SELECT * FROM key_streams WHERE key_id = ?", key.id).toArray(),
    );
    expect(left).toEqual([]);
  });
});
