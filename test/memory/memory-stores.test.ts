import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { api, lucidClient, newTenantClient } from "../fixtures/lucid";

const client = lucidClient();

describe("memory stores", () => {
  it("creates a store in the Managed Agents shape, retrieves, updates and deletes it", async () => {
    const store = await client.beta.memoryStores.create({ name: "Team notes", description: "What the team learned", metadata: { team: "legal" } });
    expect(store).toMatchObject({
      type: "memory_store",
      name: "Team notes",
      description: "What the team learned",
      metadata: { team: "legal" },
      archived_at: null,
    });
    expect(store.id).toMatch(/^memstore_/);
    expect(await client.beta.memoryStores.retrieve(store.id)).toEqual(store);

    const updated = await client.beta.memoryStores.update(store.id, { name: "Team memory", metadata: { team: null, owner: "ana" } });
    expect(updated).toMatchObject({ name: "Team memory", description: "What the team learned", metadata: { owner: "ana" } });
    expect(updated.updated_at >= store.updated_at).toBe(true);

    await expect(client.beta.memoryStores.delete(store.id)).resolves.toEqual({ id: store.id, type: "memory_store_deleted" });
    await expect(client.beta.memoryStores.retrieve(store.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    const listed = await client.beta.memoryStores.list({ limit: 100, include_archived: true });
    expect(listed.data.map((item) => item.id)).not.toContain(store.id);
  });

  it("shows an unset description as an empty string and clears it with null", async () => {
    const store = await client.beta.memoryStores.create({ name: "plain" });
    expect(store.description).toBe("");
    const described = await client.beta.memoryStores.update(store.id, { description: "now described" });
    expect(described.description).toBe("now described");
    expect((await client.beta.memoryStores.update(store.id, { description: null })).description).toBe("");
  });

  it("archives a store: hidden from lists by default, no new memories, still readable and deletable", async () => {
    const store = await client.beta.memoryStores.create({ name: "to archive" });
    const memory = await client.beta.memoryStores.memories.create(store.id, { path: "/kept.md", content: "kept" });
    const archived = await client.beta.memoryStores.archive(store.id);
    expect(archived.archived_at).not.toBeNull();

    const visible = [];
    for await (const item of client.beta.memoryStores.list()) visible.push(item.id);
    expect(visible).not.toContain(store.id);
    const all = await client.beta.memoryStores.list({ include_archived: true, limit: 100 });
    expect(all.data.find((item) => item.id === store.id)?.archived_at).toBe(archived.archived_at);

    await expect(client.beta.memoryStores.memories.create(store.id, { path: "/new.md", content: "x" })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    await expect(client.beta.memoryStores.update(store.id, { name: "renamed" })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    expect((await client.beta.memoryStores.memories.retrieve(memory.id, { memory_store_id: store.id })).content).toBe("kept");
    await expect(client.beta.memoryStores.memories.delete(memory.id, { memory_store_id: store.id })).resolves.toMatchObject({ type: "memory_deleted" });
  });

  it("lists stores newest first across pages with the SDK's auto-pagination", async () => {
    const tenant = await newTenantClient("store pages");
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await tenant.beta.memoryStores.create({ name: `store ${i}` })).id);
    const first = await tenant.beta.memoryStores.list({ limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.next_page).toBeTruthy();
    const seen: string[] = [];
    for await (const store of tenant.beta.memoryStores.list({ limit: 2 })) seen.push(store.id);
    expect(seen).toEqual([...created].reverse());
  });

  it("keeps each tenant's stores and memories to itself", async () => {
    const owner = await newTenantClient("owner");
    const stranger = await newTenantClient("stranger");
    const store = await owner.beta.memoryStores.create({ name: "private" });
    const memory = await owner.beta.memoryStores.memories.create(store.id, { path: "/secret.md", content: "secret" });

    const hidden = await stranger.beta.memoryStores.retrieve(store.id).catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(Anthropic.NotFoundError);
    expect((hidden as InstanceType<typeof Anthropic.APIError>).message).toContain(`Memory store '${store.id}' was not found.`);
    await expect(stranger.beta.memoryStores.memories.retrieve(memory.id, { memory_store_id: store.id })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(stranger.beta.memoryStores.memories.list(store.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(stranger.beta.memoryStores.memoryVersions.list(store.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(stranger.beta.memoryStores.delete(store.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    const strangerStores = await stranger.beta.memoryStores.list({ include_archived: true });
    expect(strangerStores.data.map((item) => item.id)).not.toContain(store.id);
    expect((await owner.beta.memoryStores.retrieve(store.id)).name).toBe("private");
  });

  it("answers unknown and malformed store ids with not_found_error", async () => {
    await expect(client.beta.memoryStores.retrieve("memstore_000000000000000000000000")).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(client.beta.memoryStores.retrieve("not-a-store")).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });

  it("validates store fields and filters by creation time", async () => {
    const nameless = await api("/v1/memory_stores", { method: "POST", json: { name: "" } });
    expect(nameless.status).toBe(400);
    const control = await client.beta.memoryStores.create({ name: "bad\u0007name" }).catch((e: unknown) => e);
    expect(control).toBeInstanceOf(Anthropic.BadRequestError);
    const store = await client.beta.memoryStores.create({ name: "dated" });
    const fromNow = await client.beta.memoryStores.list({ "created_at[gte]": store.created_at, limit: 100 });
    expect(fromNow.data.map((item) => item.id)).toContain(store.id);
    const beforeIt = await client.beta.memoryStores.list({ "created_at[lt]": store.created_at, limit: 100 } as never);
    expect(beforeIt.data.map((item) => item.id)).not.toContain(store.id);
    await expect(client.beta.memoryStores.list({ "created_at[gte]": "yesterday" })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });
});
