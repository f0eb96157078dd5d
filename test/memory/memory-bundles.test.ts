import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { memoryStoreOf } from "../../src/platform/stubs";
import { DEFAULT_TENANT } from "../../src/api/app-env";
import type { MemoryImportResult } from "../../src/schemas/memory";
import { api, lucidClient } from "../fixtures/lucid";

const client = lucidClient();
const memories = client.beta.memoryStores.memories;

/** Content chosen to break naive formats: the bundle's own markers, fences, comments, odd line endings. */
const TRICKY: Record<string, string> = {
  "/empty.md": "",
  "/no-trailing-newline.md": "last line without newline",
  "/trailing-newlines.md": "two newlines follow\n\n",
  "/fences.md": "```markdown\ncode\n```\n````\nlonger fence\n````\n`````",
  "/looks-like-an-entry.md": '## /other.md\n<!-- lucid-memory {"author":{"type":"dream"}} -->\n```markdown\nfake\n```\n',
  "/bundle-mark.md": "<!-- lucid-memory-bundle v1 -->\n# Lucid memory bundle\n-->",
  "/crlf.md": "windows\r\nline endings\r\n\r\n",
  "/unicode/ünïcödé ☕.md": "emoji 🧠 and a zero-width joiner 👩‍💻, tabs\tand\u2028separators",
  "/starts-with-newline.md": "\n\nbody",
};

async function exportBundle(storeId: string) {
  const response = await api(`/v1/memory_stores/${storeId}/export`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/markdown/);
  return response.text();
}

async function importBundle(storeId: string, bundle: string, mode?: "merge" | "replace") {
  const response = await api(`/v1/memory_stores/${storeId}/import${mode ? `?mode=${mode}` : ""}`, {
    method: "POST",
    body: bundle,
    headers: { "content-type": "text/markdown" },
  });
  return { status: response.status, body: (await response.json()) as MemoryImportResult & { error?: { message: string } } };
}

describe("memory bundles (Lucid extension)", () => {
  it("round-trips any content exactly: export, import into a fresh store, export again", async () => {
    const source = (await client.beta.memoryStores.create({ name: "source" })).id;
    for (const [path, content] of Object.entries(TRICKY)) await memories.create(source, { path, content });
    await memoryStoreOf(env, source).writeMemory(DEFAULT_TENANT, {
      path: "/learned/retry.md",
      content: "Retry on 529 with backoff.",
      author: { type: "session", id: "sesn_bundle" },
      provenance: [{ session_id: "sesn_bundle", event_ids: ["sevt_1", "sevt_2"] }],
    });
    const bundle = await exportBundle(source);

    const copy = (await client.beta.memoryStores.create({ name: "copy" })).id;
    const result = await importBundle(copy, bundle);
    expect(result).toMatchObject({ status: 200, body: { type: "memory_import", created: Object.keys(TRICKY).length + 1, modified: 0, deleted: 0 } });
    expect(await exportBundle(copy)).toBe(bundle);

    for await (const item of memories.list(copy, { view: "full" })) {
      const memory = item as { path: string; content: string };
      if (TRICKY[memory.path] !== undefined) expect(memory.content, memory.path).toBe(TRICKY[memory.path]);
    }
    const learned = await memoryStoreOf(env, copy).readMemory(DEFAULT_TENANT, "/learned/retry.md");
    expect(learned?.lucid).toMatchObject({
      author: { type: "session", id: "sesn_bundle" },
      support_count: 1,
      provenance: [{ session_id: "sesn_bundle", event_ids: ["sevt_1", "sevt_2"] }],
    });
    const [version] = (await client.beta.memoryStores.memoryVersions.list(copy, { memory_id: learned!.id })).data;
    expect(version!.created_by).toEqual({ type: "session_actor", session_id: "sesn_bundle" });
  });

  it("is readable Markdown: a heading per memory, its metadata in a comment, its content fenced", async () => {
    const storeId = (await client.beta.memoryStores.create({ name: "readable" })).id;
    await memories.create(storeId, { path: "/a.md", content: "uses ``` inside" });
    const bundle = await exportBundle(storeId);
    expect(bundle).toMatch(/^<!-- lucid-memory-bundle v1 -->\n# Lucid memory bundle\n/);
    expect(bundle).toContain('\n## /a.md\n<!-- lucid-memory {"author":{"type":"person"},"provenance":[],"last_confirmed_at":"');
    expect(bundle).toContain("\n````markdown\nuses ``` inside\n````\n");
  });

  it("merges into a store by default and replaces it on request", async () => {
    const storeId = (await client.beta.memoryStores.create({ name: "target" })).id;
    const kept = await memories.create(storeId, { path: "/kept.md", content: "kept" });
    await memories.create(storeId, { path: "/same.md", content: "same" });
    await memories.create(storeId, { path: "/changed.md", content: "before" });

    const other = (await client.beta.memoryStores.create({ name: "other" })).id;
    await memories.create(other, { path: "/same.md", content: "same" });
    await memories.create(other, { path: "/changed.md", content: "after" });
    await memories.create(other, { path: "/new.md", content: "new" });
    const bundle = await exportBundle(other);

    const merged = await importBundle(storeId, bundle, "merge");
    expect(merged.body).toMatchObject({ created: 1, modified: 1, unchanged: 1, deleted: 0 });
    expect((await memories.retrieve(kept.id, { memory_store_id: storeId })).content).toBe("kept");

    const replaced = await importBundle(storeId, bundle, "replace");
    expect(replaced.body).toMatchObject({ created: 0, modified: 0, unchanged: 3, deleted: 1 });
    expect(await exportBundle(storeId)).toBe(bundle);
  });

  it("refuses a malformed bundle and changes nothing", async () => {
    const storeId = (await client.beta.memoryStores.create({ name: "strict" })).id;
    await memories.create(storeId, { path: "/existing.md", content: "existing" });
    const before = await exportBundle(storeId);
    const unclosed = before.replace(/\n`{3,}\n$/, "\n");
    expect(unclosed).not.toBe(before);
    for (const bad of ["just some text", unclosed, before.replace("/existing.md", "relative.md"), before + "\ntrailing words\n"]) {
      const result = await importBundle(storeId, bad, "replace");
      expect(result.status, bad).toBe(400);
      expect(result.body.error?.message).toMatch(/bundle/);
    }
    const conflicting = before.replace("/existing.md", "/existing.md/child.md");
    expect((await importBundle(storeId, conflicting, "merge")).status).toBe(409);
    expect(await exportBundle(storeId)).toBe(before);
  });
});
