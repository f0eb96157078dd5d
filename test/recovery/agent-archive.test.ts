import type Anthropic from "@anthropic-ai/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { parseApiKey } from "../../src/directory/api-key-secret";
import type { Dream } from "../../src/schemas/dream-resource";
import { allEvents, api, collect, newTenantClient, startSession, waitForStatus } from "../fixtures/lucid";
import { importArchive, loseAgent } from "../fixtures/agent-archives";
import { scriptReplies, textReply } from "../fixtures/simulator";
import { exportAgent, type LucidAgent, runWorkaroundSession } from "../fixtures/workaround-sessions";
import { waitForDream, dreamHeld, dreamFinished } from "../fixtures/dreams";

let client: Anthropic;
let apiKey: string;
let tenantId: string;

/** Everything a user can see of the agent through the public API, with the one field that moves with the clock left out. */
async function visibleState(agentId: string, storeIds: string[], sessionIds: string[], dreamIds: string[]) {
  const stores = [];
  for (const storeId of storeIds) {
    stores.push({
      store: await client.beta.memoryStores.retrieve(storeId),
      memories: await collect(client.beta.memoryStores.memories.list(storeId, { view: "full" })),
      versions: await collect(client.beta.memoryStores.memoryVersions.list(storeId, { view: "full" })),
    });
  }
  const sessions = [];
  for (const sessionId of sessionIds) {
    const { stats, ...session } = await client.beta.sessions.retrieve(sessionId);
    sessions.push({ session, active_seconds: stats?.active_seconds, events: await allEvents(client, sessionId) });
  }
  const dreams = [];
  for (const dreamId of dreamIds) {
    const dream = (await client.beta.dreams.retrieve(dreamId)) as unknown as Dream;
    dreams.push({ dream, progress: await allEvents(client, dream.session_id) });
  }
  return {
    agent: await client.beta.agents.retrieve(agentId),
    versions: await collect(client.beta.agents.versions.list(agentId)),
    listed: {
      agents: (await collect(client.beta.agents.list())).map((agent) => agent.id),
      sessions: (await collect(client.beta.sessions.list({ agent_id: agentId }))).map((session) => session.id).sort(),
      stores: (await collect(client.beta.memoryStores.list())).map((store) => store.id).sort(),
    },
    stores,
    sessions,
    dreams,
  };
}

async function expectNothingRestored(agentId: string, storeIds: string[]) {
  await expect(client.beta.agents.retrieve(agentId)).rejects.toMatchObject({ status: 404 });
  for (const storeId of storeIds) await expect(client.beta.memoryStores.retrieve(storeId)).rejects.toMatchObject({ status: 404 });
  expect((await collect(client.beta.agents.list())).map((agent) => agent.id)).not.toContain(agentId);
}

describe("agent archive: export, loss, import", () => {
  let agent: LucidAgent;
  let storeIds: string[];
  let sessionIds: string[];
  let dreamIds: string[];
  let heldDreamId: string;
  let before: Awaited<ReturnType<typeof visibleState>>;
  let archive: string;

  beforeAll(async () => {
    client = await newTenantClient("archive owner");
    apiKey = client.apiKey!;
    tenantId = parseApiKey(apiKey)!.tenantId;
    agent = await exportAgent(client, { dreaming: { mode: "auto" } });
    const originalStore = agent.memory_store_id;
    const { memories } = client.beta.memoryStores;
    const alice = await memories.create(originalStore, { path: "/people/alice.md", content: "Alice prefers PDF/A." });
    await memories.update(alice.id, { memory_store_id: originalStore, content: "Alice prefers PDF/A-2b." });
    const bob = await memories.create(originalStore, { path: "/people/bob.md", content: "Bob left." });
    await memories.delete(bob.id, { memory_store_id: originalStore });

    sessionIds = [];
    for (const file of ["lease.docx", "nda.docx", "offer.docx"]) sessionIds.push(await runWorkaroundSession(client, agent.id, file));
    const completed = await waitForDream(client, ((await client.post(`/v1/agents/${agent.id}/dream`)) as Dream).id, dreamFinished);
    expect(completed.status).toBe("completed");

    await client.beta.agents.update(agent.id, { version: 1, dreaming: { mode: "review" } } as Anthropic.Beta.AgentUpdateParams);
    for (const file of ["memo.docx", "deed.docx"]) sessionIds.push(await runWorkaroundSession(client, agent.id, file, { engine: "libre" }));
    heldDreamId = (await waitForDream(client, ((await client.post(`/v1/agents/${agent.id}/dream`)) as Dream).id, dreamHeld)).id;

    dreamIds = [completed.id, heldDreamId];
    storeIds = [originalStore, completed.outputs[0]!.memory_store_id];
    before = await visibleState(agent.id, storeIds, sessionIds, dreamIds);
    expect(before.agent.version).toBe(2);
    expect((before.agent as unknown as LucidAgent).memory_store_id).toBe(storeIds[1]);

    const exported = await api(`/v1/agents/${agent.id}/export`, { apiKey });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toBe("application/x-ndjson");
    archive = new TextDecoder().decode(await exported.arrayBuffer());
  }, 180_000);

  it("holds the agent, its versions, stores with every version, transcripts and dreams, between a header and a checksummed trailer", () => {
    const lines = archive
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
    expect(lines[0]).toMatchObject({ type: "lucid.agent_archive", format_version: 1, agent_id: agent.id });
    const trailer = lines.at(-1)!;
    expect(trailer).toMatchObject({ type: "lucid.agent_archive_end", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const counts = trailer.counts as Record<string, number>;
    expect(counts).toMatchObject({ agent: 1, agent_version: 2, session: 5, memory_store: 2, dream: 2 });
    const eventLines = before.sessions.reduce((sum, session) => sum + session.events.length, 0);
    expect(counts.session_event).toBe(eventLines);
    expect(counts.memory_version).toBe(before.stores.reduce((sum, store) => sum + store.versions.length, 0));
  });

  it("cannot be exported by another tenant", async () => {
    const other = await newTenantClient("someone else");
    const response = await api(`/v1/agents/${agent.id}/export`, { apiKey: other.apiKey! });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: "error", error: { type: "not_found_error" } });
  });

  it("refuses an edited, a truncated or a trailer-less archive, and writes nothing", async () => {
    await loseAgent({ tenantId, agentId: agent.id, storeIds, sessionIds, dreamIds });
    await expectNothingRestored(agent.id, storeIds);

    const lines = archive.trimEnd().split("\n");
    const memoryLine = lines.findIndex((line) => line.includes('"Alice prefers PDF/A-2b."') && line.startsWith('{"type":"memory"'));
    expect(memoryLine).toBeGreaterThan(0);
    const edited = lines.map((line, index) => (index === memoryLine ? line.replace("PDF/A-2b", "PDF/A-3u") : line)).join("\n") + "\n";
    const withoutTrailer = lines.slice(0, -1).join("\n") + "\n";
    const truncated = archive.slice(0, Math.floor(archive.length * 0.6));
    const cases: [string, string, RegExp][] = [
      ["edited", edited, /checksum/],
      ["without trailer", withoutTrailer, /trailer/],
      ["truncated", truncated, /line \d+/],
    ];
    for (const [, body, message] of cases) {
      const response = await importArchive(body, apiKey);
      expect(response.status).toBe(400);
      const error = (await response.json()) as { type: string; error: { type: string; message: string } };
      expect(error).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
      expect(error.error.message).toMatch(message);
      await expectNothingRestored(agent.id, storeIds);
    }
  });

  it("restores the agent exactly as it was, under its own ids, and refuses to import it twice", async () => {
    const response = await importArchive(archive, apiKey);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ type: "agent_import", agent_id: agent.id, counts: { agent: 1, session: 5, dream: 2 } });

    expect(await visibleState(agent.id, storeIds, sessionIds, dreamIds)).toEqual(before);
    // The search index is not in the archive: it is rebuilt from the restored memories.
    const search = (await client.get(`/v1/memory_stores/${storeIds[0]}/search`, { query: { q: "Alice" } })) as { data: { memory: { path: string } }[] };
    expect(search.data.map((hit) => hit.memory.path)).toEqual(["/people/alice.md"]);

    const again = await importArchive(archive, apiKey);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ type: "error", error: { type: "conflict_error", message: expect.stringContaining(agent.id) } });
  });

  it("leaves the restored agent able to work: a new session, the held dream approved, rollback, another dream", async () => {
    await scriptReplies(agent.id, [textReply("Back at work.")]);
    const session = await startSession(client, agent.id, "Are you there?");
    await waitForStatus(client, session.id, ["idle"]);
    expect((await allEvents(client, session.id)).some((event) => event.type === "agent.message")).toBe(true);

    // The dream held for review before the loss is approved now: its checkpoints came back with it.
    await client.post(`/v1/dreams/${heldDreamId}/approve`, { body: {} });
    const approved = await waitForDream(client, heldDreamId, dreamFinished);
    expect(approved.status).toBe("completed");
    const moved = (await client.beta.agents.retrieve(agent.id)) as LucidAgent;
    expect(moved.memory_store_id).toBe(approved.outputs[0]!.memory_store_id);
    const rolledBack = (await client.post(`/v1/agents/${agent.id}/memory/rollback`)) as LucidAgent;
    expect(rolledBack.memory_store_id).toBe(storeIds[1]);

    const next = (await client.post(`/v1/agents/${agent.id}/dream`)) as Dream;
    const dreamt = await waitForDream(client, next.id, (dream) => dreamHeld(dream) || dreamFinished(dream));
    expect(dreamt.inputs).toContainEqual({ type: "sessions", session_ids: [session.id] });
  }, 120_000);
});
