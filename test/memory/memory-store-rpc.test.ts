import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEFAULT_TENANT } from "../../src/api/app-env";
import { newMemoryStoreId } from "../../src/ids";
import { memoryStoreOf } from "../../src/platform/stubs";
import { lucidClient } from "../fixtures/lucid";

const client = lucidClient();

async function newStore(name = "rpc") {
  const id = (await client.beta.memoryStores.create({ name })).id;
  return { id, store: memoryStoreOf(env, id) };
}

describe("the memory store's RPC surface for sessions and dreams", () => {
  it("creates or updates at a path and counts support in distinct sessions", async () => {
    const { store } = await newStore();
    const session = (id: string) => ({ type: "session" as const, id });
    const first = await store.writeMemory(DEFAULT_TENANT, {
      path: "/tools/pdf.md",
      content: "Use --landscape for wide tables.",
      author: session("sesn_a"),
      provenance: [{ session_id: "sesn_a", event_ids: ["sevt_1"] }],
    });
    expect(first.lucid).toMatchObject({ author: { type: "session", id: "sesn_a" }, support_count: 1 });

    const sameSession = await store.writeMemory(DEFAULT_TENANT, {
      path: "/tools/pdf.md",
      content: "Use --landscape for wide tables.",
      author: session("sesn_a"),
      provenance: [{ session_id: "sesn_a", event_ids: ["sevt_2", "sevt_1"] }],
    });
    expect(sameSession.lucid.support_count).toBe(1);
    expect(sameSession.lucid.provenance).toEqual([{ session_id: "sesn_a", event_ids: ["sevt_1", "sevt_2"] }]);
    expect(sameSession.memory_version_id).toBe(first.memory_version_id);

    const otherSession = await store.writeMemory(DEFAULT_TENANT, {
      path: "/tools/pdf.md",
      content: "Use --landscape for wide tables.",
      author: session("sesn_b"),
      provenance: [{ session_id: "sesn_b", event_ids: ["sevt_9"] }],
    });
    expect(otherSession.lucid.support_count).toBe(2);
    // Confirming unchanged content keeps the author of that content and records no version.
    expect(otherSession.lucid.author).toEqual({ type: "session", id: "sesn_a" });
    expect(otherSession.memory_version_id).toBe(first.memory_version_id);
    expect(otherSession.lucid.last_confirmed_at! >= first.lucid.last_confirmed_at!).toBe(true);

    const rewritten = await store.writeMemory(DEFAULT_TENANT, {
      path: "/tools/pdf.md",
      content: "Use --landscape; --fit too.",
      author: { type: "dream", id: "drm_1" },
    });
    expect(rewritten.memory_version_id).not.toBe(first.memory_version_id);
    expect(rewritten.lucid).toMatchObject({ author: { type: "dream", id: "drm_1" }, support_count: 2 });
    expect(rewritten.content).toBe("Use --landscape; --fit too.");
  });

  it("honours expected_content_sha256 and refuses invalid writes", async () => {
    const { store } = await newStore();
    const written = await store.writeMemory(DEFAULT_TENANT, { path: "/a.md", content: "a", author: { type: "person" } });
    await expect(
      store.writeMemory(DEFAULT_TENANT, { path: "/a.md", content: "b", author: { type: "person" }, expected_content_sha256: "0".repeat(64) }),
    ).rejects.toMatchObject({ type: "memory_precondition_failed_error" });
    await expect(
      store.writeMemory(DEFAULT_TENANT, { path: "/a.md", content: "b", author: { type: "person" }, expected_content_sha256: written.content_sha256 }),
    ).resolves.toMatchObject({ content: "b" });
    await expect(store.writeMemory(DEFAULT_TENANT, { path: "/a.md/b.md", content: "x", author: { type: "person" } })).rejects.toMatchObject({
      type: "memory_path_conflict_error",
      fields: { conflicting_path: "/a.md" },
    });
    await expect(store.writeMemory(DEFAULT_TENANT, { path: "no-slash", content: "x", author: { type: "person" } })).rejects.toMatchObject({
      type: "invalid_request_error",
    });
    await expect(store.writeMemory(DEFAULT_TENANT, { path: "/big.md", content: "x".repeat(102_401), author: { type: "person" } })).rejects.toMatchObject({
      type: "request_too_large",
    });
  });

  it("applies a write with an operation_id once, however often a retried step sends it", async () => {
    const { store } = await newStore();
    const write = { path: "/once.md", content: "first", author: { type: "session" as const, id: "sesn_r" }, operation_id: "step-7:tool-1" };
    const first = await store.writeMemory(DEFAULT_TENANT, write);
    await store.writeMemory(DEFAULT_TENANT, { ...write, operation_id: "step-8:tool-1", content: "second" });
    const replayed = await store.writeMemory(DEFAULT_TENANT, write);
    expect(replayed).toMatchObject({ id: first.id, content: "second" });
    expect((await store.listVersions(DEFAULT_TENANT, { limit: 100, memory_id: first.id })).data).toHaveLength(2);
  });

  it("imports a snapshot in a writer's name: a dream replacing memories is recorded as the dream", async () => {
    const { store } = await newStore();
    await store.writeMemory(DEFAULT_TENANT, { path: "/stale.md", content: "stale", author: { type: "person" } });
    await store.writeMemory(DEFAULT_TENANT, { path: "/kept.md", content: "kept", author: { type: "person" } });
    const dream = { type: "dream" as const, id: "drm_inplace" };
    const entry = { author: dream, provenance: [], last_confirmed_at: null };
    const result = await store.importSnapshot(
      DEFAULT_TENANT,
      {
        memories: [
          { ...entry, path: "/kept.md", content: "kept", author: { type: "person" } },
          { ...entry, path: "/merged.md", content: "merged" },
        ],
      },
      "replace",
      { actor: null, author: dream },
      "dream",
    );
    expect(result).toMatchObject({ created: 1, deleted: 1, unchanged: 1, modified: 0 });
    const versions = (await store.listVersions(DEFAULT_TENANT, { limit: 2 })).data;
    expect(versions.map((version) => [version.operation, version.path, version.created_by, version.lucid.author])).toEqual([
      ["created", "/merged.md", null, dream],
      ["deleted", "/stale.md", null, dream],
    ]);
  });

  it("reads, lists, searches and deletes by path", async () => {
    const { store } = await newStore();
    for (const path of ["/b/two.md", "/a/one.md", "/b/three.md"])
      await store.writeMemory(DEFAULT_TENANT, { path, content: `notes about ${path.slice(3, -3)}`, author: { type: "person" } });
    expect((await store.readMemory(DEFAULT_TENANT, "/a/one.md"))?.content).toBe("notes about one");
    expect(await store.readMemory(DEFAULT_TENANT, "/missing.md")).toBeNull();
    expect((await store.listMemories(DEFAULT_TENANT)).map((memory) => memory.path)).toEqual(["/a/one.md", "/b/three.md", "/b/two.md"]);
    expect((await store.listMemories(DEFAULT_TENANT, "/b/")).map((memory) => [memory.path, memory.content])).toEqual([
      ["/b/three.md", null],
      ["/b/two.md", null],
    ]);
    expect((await store.searchMemories(DEFAULT_TENANT, "three", 5)).map((hit) => hit.memory.path)).toEqual(["/b/three.md"]);

    const deleted = await store.deleteMemoryAtPath(DEFAULT_TENANT, "/b/two.md", { type: "dream", id: "drm_x" });
    expect(deleted.type).toBe("memory_deleted");
    expect(await store.readMemory(DEFAULT_TENANT, "/b/two.md")).toBeNull();
    await expect(store.deleteMemoryAtPath(DEFAULT_TENANT, "/b/two.md", { type: "person" })).rejects.toMatchObject({ type: "not_found_error" });
    const [version] = (await store.listVersions(DEFAULT_TENANT, { limit: 1 })).data;
    expect(version).toMatchObject({ operation: "deleted", memory_id: deleted.id, created_by: null, lucid: { author: { type: "dream", id: "drm_x" } } });
  });

  it("builds a new store from a snapshot in one go and leaves the input store untouched", async () => {
    const { id: inputId, store: input } = await newStore("input");
    await input.writeMemory(DEFAULT_TENANT, { path: "/keep.md", content: "person wrote this", author: { type: "person" } });
    await input.writeMemory(DEFAULT_TENANT, {
      path: "/learned.md",
      content: "session learned this",
      author: { type: "session", id: "sesn_s" },
      provenance: [{ session_id: "sesn_s", event_ids: ["sevt_s"] }],
    });
    const before = await input.exportSnapshot(DEFAULT_TENANT);
    const inputVersions = (await input.listVersions(DEFAULT_TENANT, { limit: 100 })).data.length;

    const outputId = newMemoryStoreId();
    const output = memoryStoreOf(env, outputId);
    const changed = {
      memories: [
        ...before.memories.filter((memory) => memory.path !== "/learned.md"),
        { ...before.memories[1]!, path: "/playbooks/learned.md", content: "session learned this, refined" },
      ],
    };
    const created = await output.createFromSnapshot(DEFAULT_TENANT, { id: outputId, name: "after dream" }, changed, { type: "dream", id: "drm_1" });
    expect(created).toMatchObject({ id: outputId, type: "memory_store", name: "after dream", description: "" });

    expect(await input.exportSnapshot(DEFAULT_TENANT)).toEqual(before);
    expect((await input.listVersions(DEFAULT_TENANT, { limit: 100 })).data).toHaveLength(inputVersions);
    const snapshot = await output.exportSnapshot(DEFAULT_TENANT);
    expect(snapshot.memories.map((memory) => [memory.path, memory.author.type])).toEqual([
      ["/keep.md", "person"],
      ["/playbooks/learned.md", "session"],
    ]);
    const versions = (await output.listVersions(DEFAULT_TENANT, { limit: 100 })).data;
    expect(versions.every((version) => version.operation === "created" && version.lucid.author.type === "dream")).toBe(true);
    const listed = await client.beta.memoryStores.list({ limit: 100 });
    expect(listed.data.map((store) => store.id)).toContain(outputId);
    expect(inputId).not.toBe(outputId);
  });

  it("creates nothing when a snapshot cannot be applied whole", async () => {
    const outputId = newMemoryStoreId();
    const output = memoryStoreOf(env, outputId);
    const entry = { content: "x", author: { type: "dream" as const }, provenance: [], last_confirmed_at: null };
    await expect(
      output.createFromSnapshot(
        DEFAULT_TENANT,
        { id: outputId, name: "doomed" },
        {
          memories: [
            { ...entry, path: "/a" },
            { ...entry, path: "/a/b" },
          ],
        },
        { type: "dream" },
      ),
    ).rejects.toMatchObject({ type: "memory_path_conflict_error" });
    await expect(output.getStore(DEFAULT_TENANT)).rejects.toMatchObject({ type: "not_found_error" });
    await expect(client.beta.memoryStores.retrieve(outputId)).rejects.toMatchObject({ status: 404 });
  });

  it("answers every method as not found to another tenant", async () => {
    const { store } = await newStore();
    await store.writeMemory(DEFAULT_TENANT, { path: "/a.md", content: "a", author: { type: "person" } });
    const other = "tnt_someoneelse";
    await expect(store.readMemory(other, "/a.md")).rejects.toMatchObject({ type: "not_found_error" });
    await expect(store.listMemories(other)).rejects.toMatchObject({ type: "not_found_error" });
    await expect(store.searchMemories(other, "a", 5)).rejects.toMatchObject({ type: "not_found_error" });
    await expect(store.exportSnapshot(other)).rejects.toMatchObject({ type: "not_found_error" });
    await expect(store.writeMemory(other, { path: "/b.md", content: "b", author: { type: "person" } })).rejects.toMatchObject({ type: "not_found_error" });
    await expect(store.deleteMemoryAtPath(other, "/a.md", { type: "person" })).rejects.toMatchObject({ type: "not_found_error" });
    expect((await store.readMemory(DEFAULT_TENANT, "/a.md"))?.content).toBe("a");
  });
});
