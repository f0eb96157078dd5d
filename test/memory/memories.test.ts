import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import type { Memory } from "../../src/schemas/memory";
import { api, lucidClient } from "../fixtures/lucid";

const client = lucidClient();
const memories = client.beta.memoryStores.memories;

async function newStore(name = "memories test") {
  return (await client.beta.memoryStores.create({ name })).id;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The API error body the SDK kept, for the fields beside the message. */
function errorBody(error: unknown) {
  return (error as InstanceType<typeof Anthropic.APIError>).error as {
    error: { type: string; message: string; conflicting_memory_id?: string; conflicting_path?: string };
  };
}

describe("memories", () => {
  it("creates a memory with the hash and size of its UTF-8 content, basic view by default", async () => {
    const storeId = await newStore();
    const content = "Prefers metric units. Café ☕";
    const created = await memories.create(storeId, { path: "/preferences/units.md", content });
    expect(created).toMatchObject({
      type: "memory",
      memory_store_id: storeId,
      path: "/preferences/units.md",
      content: null,
      content_sha256: await sha256(content),
      content_size_bytes: new TextEncoder().encode(content).byteLength,
    });
    expect(created.id).toMatch(/^mem_/);
    expect(created.memory_version_id).toMatch(/^memver_/);

    const full = await memories.retrieve(created.id, { memory_store_id: storeId });
    expect(full.content).toBe(content);
    expect((await memories.retrieve(created.id, { memory_store_id: storeId, view: "basic" })).content).toBeNull();
    expect((await memories.create(storeId, { path: "/empty.md", content: "", view: "full" })).content).toBe("");
  });

  it("records the Lucid extension beside the content: people author memories made through the API", async () => {
    const storeId = await newStore();
    const created = (await memories.create(storeId, { path: "/note.md", content: "---\ntitle: not front matter\n---\n" })) as unknown as Memory;
    expect(created.lucid).toMatchObject({ author: { type: "person" }, provenance: [], support_count: 0 });
    expect(created.lucid.last_confirmed_at).toBe(created.created_at);
    const read = await memories.retrieve(created.id, { memory_store_id: storeId });
    expect(read.content).toBe("---\ntitle: not front matter\n---\n");
  });

  it("updates content and renames, keeping the id; an update that changes nothing makes no version", async () => {
    const storeId = await newStore();
    const created = await memories.create(storeId, { path: "/draft.md", content: "v1" });
    const edited = await memories.update(created.id, { memory_store_id: storeId, content: "v2", view: "full" });
    expect(edited).toMatchObject({ id: created.id, content: "v2", content_sha256: await sha256("v2") });
    expect(edited.memory_version_id).not.toBe(created.memory_version_id);

    const renamed = await memories.update(created.id, { memory_store_id: storeId, path: "/final/notes.md" });
    expect(renamed).toMatchObject({ id: created.id, path: "/final/notes.md", content_sha256: edited.content_sha256 });

    const unchanged = await memories.update(created.id, { memory_store_id: storeId, content: "v2", path: "/final/notes.md" });
    expect(unchanged.memory_version_id).toBe(renamed.memory_version_id);
    expect(unchanged.updated_at).toBe(renamed.updated_at);
  });

  it("refuses a path that is taken, or an ancestor or descendant of another memory's path", async () => {
    const storeId = await newStore();
    const notes = await memories.create(storeId, { path: "/notes/todo.md", content: "todo" });

    for (const [path, blocking] of [
      ["/notes/todo.md", "/notes/todo.md"],
      ["/notes", "/notes/todo.md"],
      ["/notes/todo.md/sub.md", "/notes/todo.md"],
    ] as const) {
      const error = await memories.create(storeId, { path, content: "x" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.ConflictError);
      expect(errorBody(error).error).toMatchObject({ type: "memory_path_conflict_error", conflicting_memory_id: notes.id, conflicting_path: blocking });
    }
    await expect(memories.create(storeId, { path: "/notes-archive/todo.md", content: "fine" })).resolves.toMatchObject({ type: "memory" });
    await expect(memories.create(storeId, { path: "/notes/done.md", content: "fine" })).resolves.toMatchObject({ type: "memory" });

    const other = await memories.create(storeId, { path: "/other.md", content: "other" });
    const rename = await memories.update(other.id, { memory_store_id: storeId, path: "/notes" }).catch((e: unknown) => e);
    expect(errorBody(rename).error).toMatchObject({ type: "memory_path_conflict_error", conflicting_path: "/notes/done.md" });
    await expect(memories.update(notes.id, { memory_store_id: storeId, path: "/notes/todo.md/inner.md" })).resolves.toMatchObject({
      path: "/notes/todo.md/inner.md",
    });
  });

  it("validates paths as the API describes them", async () => {
    const storeId = await newStore();
    for (const path of ["relative.md", "/a//b.md", "/a/../b.md", "/a/./b.md", "/trailing/", "/tab\there.md", "/e\u0301.md", "/" + "x/".repeat(20) + "y"]) {
      const error = await memories.create(storeId, { path, content: "x" }).catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(Anthropic.BadRequestError);
      expect((error as InstanceType<typeof Anthropic.APIError>).message).toMatch(/path/);
    }
  });

  it("applies an update only when its content_sha256 precondition holds", async () => {
    const storeId = await newStore();
    const created = await memories.create(storeId, { path: "/counter.md", content: "1" });
    const stale = await memories
      .update(created.id, { memory_store_id: storeId, content: "2", precondition: { type: "content_sha256", content_sha256: await sha256("0") } })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(Anthropic.ConflictError);
    expect(errorBody(stale).error.type).toBe("memory_precondition_failed_error");
    expect((await memories.retrieve(created.id, { memory_store_id: storeId })).content).toBe("1");

    const fresh = await memories.update(created.id, {
      memory_store_id: storeId,
      content: "2",
      precondition: { type: "content_sha256", content_sha256: created.content_sha256 },
    });
    expect(fresh.content_sha256).toBe(await sha256("2"));
    // The same content again succeeds even with a stale hash: nothing would change.
    await expect(
      memories.update(created.id, { memory_store_id: storeId, content: "2", precondition: { type: "content_sha256", content_sha256: created.content_sha256 } }),
    ).resolves.toMatchObject({ id: created.id });
  });

  it("deletes only when expected_content_sha256 matches, and then the memory is gone", async () => {
    const storeId = await newStore();
    const created = await memories.create(storeId, { path: "/old.md", content: "old" });
    const refused = await memories.delete(created.id, { memory_store_id: storeId, expected_content_sha256: await sha256("other") }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Anthropic.ConflictError);
    expect(errorBody(refused).error.type).toBe("memory_precondition_failed_error");
    await expect(memories.delete(created.id, { memory_store_id: storeId, expected_content_sha256: created.content_sha256 })).resolves.toEqual({
      id: created.id,
      type: "memory_deleted",
    });
    await expect(memories.retrieve(created.id, { memory_store_id: storeId })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    await expect(memories.create(storeId, { path: "/old.md/now-a-folder.md", content: "free again" })).resolves.toMatchObject({ type: "memory" });
  });

  it("holds at most 100 kB of content", async () => {
    const storeId = await newStore();
    await expect(memories.create(storeId, { path: "/exact.md", content: "a".repeat(102_400) })).resolves.toMatchObject({ content_size_bytes: 102_400 });
    const over = await memories.create(storeId, { path: "/over.md", content: "é".repeat(51_201) }).catch((e: unknown) => e);
    expect(over).toBeInstanceOf(Anthropic.APIError);
    expect((over as InstanceType<typeof Anthropic.APIError>).status).toBe(413);
    expect((over as InstanceType<typeof Anthropic.APIError>).message).toMatch(/102,402 bytes/);
    const small = await memories.create(storeId, { path: "/small.md", content: "small" });
    await expect(memories.update(small.id, { memory_store_id: storeId, content: "b".repeat(102_401) })).rejects.toMatchObject({ status: 413 });
  });

  it("refuses unknown fields and a precondition without a hash", async () => {
    const storeId = await newStore();
    const unknown = await api(`/v1/memory_stores/${storeId}/memories`, { method: "POST", json: { path: "/x.md", content: "x", tags: ["a"] } });
    expect(unknown.status).toBe(400);
    const created = await memories.create(storeId, { path: "/x.md", content: "x" });
    await expect(memories.update(created.id, { memory_store_id: storeId, content: "y", precondition: { type: "content_sha256" } })).rejects.toBeInstanceOf(
      Anthropic.BadRequestError,
    );
  });
});

describe("listing memories", () => {
  async function storeWith(paths: string[]) {
    const storeId = await newStore("listing");
    for (const path of paths) await memories.create(storeId, { path, content: `content of ${path}` });
    return storeId;
  }

  async function listAll(storeId: string, params: Anthropic.Beta.MemoryStores.MemoryListParams = {}) {
    const items: Anthropic.Beta.MemoryStores.BetaManagedAgentsMemoryListItem[] = [];
    for await (const item of memories.list(storeId, params)) items.push(item);
    return items;
  }

  it("lists every memory in path order, under a prefix that matches whole segments", async () => {
    const storeId = await storeWith(["/notes/b.md", "/notes-archive/a.md", "/notes/a.md", "/top.md", "/notes/deep/c.md"]);
    expect((await listAll(storeId)).map((item) => item.path)).toEqual(["/notes-archive/a.md", "/notes/a.md", "/notes/b.md", "/notes/deep/c.md", "/top.md"]);
    expect((await listAll(storeId, { path_prefix: "/notes/" })).map((item) => item.path)).toEqual(["/notes/a.md", "/notes/b.md", "/notes/deep/c.md"]);
    await expect(memories.list(storeId, { path_prefix: "/notes" })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });

  it("folds memories below the depth into memory_prefix markers", async () => {
    const storeId = await storeWith(["/projects/foo/notes.md", "/projects/foo/todo.md", "/projects/bar/x.md", "/projects/readme.md", "/inbox.md"]);
    const top = await listAll(storeId, { depth: 1 });
    expect(top.map((item) => [item.type, item.path])).toEqual([
      ["memory", "/inbox.md"],
      ["memory_prefix", "/projects/"],
    ]);
    const projects = await listAll(storeId, { path_prefix: "/projects/", depth: 1 });
    expect(projects.map((item) => [item.type, item.path])).toEqual([
      ["memory_prefix", "/projects/bar/"],
      ["memory_prefix", "/projects/foo/"],
      ["memory", "/projects/readme.md"],
    ]);
    const two = await listAll(storeId, { depth: 2 });
    expect(two.filter((item) => item.type === "memory_prefix").map((item) => item.path)).toEqual(["/projects/bar/", "/projects/foo/"]);
  });

  it("pages through memories and markers alike, each counting toward the limit", async () => {
    const paths = ["/a/1.md", "/a/2.md", "/a/3.md", "/b.md", "/c/1.md", "/d.md", "/e/f/g.md"];
    const storeId = await storeWith(paths);
    const firstPage = await memories.list(storeId, { depth: 1, limit: 2 });
    expect(firstPage.data.map((item) => item.path)).toEqual(["/a/", "/b.md"]);
    expect(firstPage.next_page).toBeTruthy();
    for (const limit of [1, 2, 3]) {
      expect((await listAll(storeId, { depth: 1, limit })).map((item) => item.path)).toEqual(["/a/", "/b.md", "/c/", "/d.md", "/e/"]);
    }
    expect((await listAll(storeId, { limit: 3 })).map((item) => item.path)).toEqual(paths);
  });

  it("includes content in the full view, at most 20 items a page", async () => {
    const storeId = await storeWith(Array.from({ length: 22 }, (_, i) => `/m/${String(i).padStart(2, "0")}.md`));
    const page = await memories.list(storeId, { view: "full", limit: 50 });
    expect(page.data).toHaveLength(20);
    expect((page.data[0] as Anthropic.Beta.MemoryStores.BetaManagedAgentsMemory).content).toBe("content of /m/00.md");
    const basic = await memories.list(storeId, { limit: 50 });
    expect(basic.data).toHaveLength(22);
    expect((basic.data[0] as Anthropic.Beta.MemoryStores.BetaManagedAgentsMemory).content).toBeNull();
  });
});
