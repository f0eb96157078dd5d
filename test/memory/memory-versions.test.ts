import Anthropic from "@anthropic-ai/sdk";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { parseApiKey } from "../../src/directory/api-key-secret";
import { memoryStoreOf } from "../../src/platform/stubs";
import type { MemoryVersion } from "../../src/schemas/memory-version";
import { lucidClient, newTenantClient } from "../fixtures/lucid";

const client = lucidClient();
const { memories, memoryVersions } = client.beta.memoryStores;

async function allVersions(storeId: string, params: Anthropic.Beta.MemoryStores.MemoryVersionListParams = {}) {
  const versions: Anthropic.Beta.MemoryStores.BetaManagedAgentsMemoryVersion[] = [];
  for await (const version of memoryVersions.list(storeId, params)) versions.push(version);
  return versions;
}

describe("memory versions", () => {
  it("records one version per change, newest first, and keeps them after the memory is deleted", async () => {
    const storeId = (await client.beta.memoryStores.create({ name: "history" })).id;
    const memory = await memories.create(storeId, { path: "/plan.md", content: "first" });
    await memories.update(memory.id, { memory_store_id: storeId, content: "second" });
    await memories.update(memory.id, { memory_store_id: storeId, content: "second" });
    await memories.update(memory.id, { memory_store_id: storeId, path: "/plans/current.md" });
    await memories.delete(memory.id, { memory_store_id: storeId });

    const versions = await allVersions(storeId, { limit: 2 });
    expect(versions.map((version) => [version.operation, version.path])).toEqual([
      ["deleted", "/plans/current.md"],
      ["modified", "/plans/current.md"],
      ["modified", "/plan.md"],
      ["created", "/plan.md"],
    ]);
    expect(versions.every((version) => version.memory_id === memory.id && version.memory_store_id === storeId)).toBe(true);
    expect(versions[0]).toMatchObject({ content: null, content_sha256: null, content_size_bytes: null });
    expect(versions[3]).toMatchObject({
      content: null,
      content_sha256: memory.content_sha256,
      content_size_bytes: 5,
      created_by: { type: "api_actor", api_key_id: "admin" },
    });

    const full = await memoryVersions.retrieve(versions[3]!.id, { memory_store_id: storeId });
    expect(full.content).toBe("first");
    expect((await memoryVersions.list(storeId, { view: "full" })).data.map((version) => version.content)).toEqual([null, "second", "second", "first"]);
  });

  it("points the memory at the version holding its current content", async () => {
    const storeId = (await client.beta.memoryStores.create({ name: "pointer" })).id;
    const memory = await memories.create(storeId, { path: "/p.md", content: "a" });
    const updated = await memories.update(memory.id, { memory_store_id: storeId, content: "b" });
    const [latest] = (await memoryVersions.list(storeId, { memory_id: memory.id, limit: 1 })).data;
    expect(latest!.id).toBe(updated.memory_version_id);
    expect(latest!.content_sha256).toBe(updated.content_sha256);
  });

  it("filters by memory, operation, author and time", async () => {
    const tenant = await newTenantClient("version filters");
    const { tenantId, keyId } = parseApiKey(tenant.apiKey!)!;
    const storeId = (await tenant.beta.memoryStores.create({ name: "filters" })).id;
    const a = await tenant.beta.memoryStores.memories.create(storeId, { path: "/a.md", content: "a" });
    const b = await tenant.beta.memoryStores.memories.create(storeId, { path: "/b.md", content: "b" });
    await tenant.beta.memoryStores.memories.update(a.id, { memory_store_id: storeId, content: "a2" });
    const sessionId = "sesn_writingthroughrpc";
    const fromSession = await memoryStoreOf(env, storeId).writeMemory(tenantId, { path: "/s.md", content: "s", author: { type: "session", id: sessionId } });

    const list = (params: Anthropic.Beta.MemoryStores.MemoryVersionListParams) =>
      tenant.beta.memoryStores.memoryVersions.list(storeId, params).then((page) => page.data.map((version) => `${version.operation} ${version.memory_id}`));
    expect(await list({ memory_id: a.id })).toEqual([`modified ${a.id}`, `created ${a.id}`]);
    expect(await list({ operation: "created" })).toEqual([`created ${fromSession.id}`, `created ${b.id}`, `created ${a.id}`]);
    expect(await list({ api_key_id: keyId })).toEqual([`modified ${a.id}`, `created ${b.id}`, `created ${a.id}`]);
    expect(await list({ api_key_id: "apikey_someoneelse" })).toEqual([]);
    expect(await list({ session_id: sessionId })).toEqual([`created ${fromSession.id}`]);
    const [sessionVersion] = (await tenant.beta.memoryStores.memoryVersions.list(storeId, { session_id: sessionId })).data;
    expect(sessionVersion!.created_by).toEqual({ type: "session_actor", session_id: sessionId });

    const future = new Date(Date.now() + 60_000).toISOString();
    expect(await list({ "created_at[gte]": future })).toEqual([]);
    expect(await list({ "created_at[lte]": future })).toHaveLength(4);
    await expect(tenant.beta.memoryStores.memoryVersions.list(storeId, { "created_at[gte]": "yesterday" })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });

  it("redacts a past version: its content, hash, size and path are cleared, who wrote it stays", async () => {
    const storeId = (await client.beta.memoryStores.create({ name: "redaction" })).id;
    const memory = await memories.create(storeId, { path: "/leak.md", content: "password: hunter2" });
    const current = await memories.update(memory.id, { memory_store_id: storeId, content: "password: (removed)" });

    const refused = await memoryVersions.redact(current.memory_version_id, { memory_store_id: storeId }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);

    const redacted = (await memoryVersions.redact(memory.memory_version_id, { memory_store_id: storeId })) as unknown as MemoryVersion;
    expect(redacted).toMatchObject({
      id: memory.memory_version_id,
      content: null,
      content_sha256: null,
      content_size_bytes: null,
      path: null,
      operation: "created",
    });
    expect(redacted.redacted_at).not.toBeNull();
    expect(redacted.redacted_by).toEqual({ type: "api_actor", api_key_id: "admin" });
    expect(redacted.created_by).toEqual({ type: "api_actor", api_key_id: "admin" });
    const again = await memoryVersions.retrieve(memory.memory_version_id, { memory_store_id: storeId, view: "full" });
    expect(again.content).toBeNull();
    expect(again.redacted_at).toBe(redacted.redacted_at);
    expect((await memories.retrieve(memory.id, { memory_store_id: storeId })).content).toBe("password: (removed)");
  });

  it("answers an unknown version with not_found_error", async () => {
    const storeId = (await client.beta.memoryStores.create({ name: "unknown version" })).id;
    await expect(memoryVersions.retrieve("memver_missing", { memory_store_id: storeId })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });
});
