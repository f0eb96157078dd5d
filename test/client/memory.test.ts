// The client's memory extensions: full-text search, and Markdown bundles exported from one store into another.
import { describe, expect, it } from "vitest";
import { lucidClient } from "../fixtures/lucid";
import { newTenant, testClient } from "./client-fixtures";

const sdk = lucidClient();
const lucid = testClient();

async function storeWith(contents: Record<string, string>): Promise<string> {
  const storeId = (await sdk.beta.memoryStores.create({ name: "client memory" })).id;
  for (const [path, content] of Object.entries(contents)) await sdk.beta.memoryStores.memories.create(storeId, { path, content });
  return storeId;
}

describe("memory through the client", () => {
  it("searches a store, best match first, within the limit", async () => {
    const storeId = await storeWith({
      "/tools/wrangler.md": "Deploy with wrangler deploy after wrangler login.",
      "/misc/weather.md": "It rained; the deploy was unrelated.",
      "/people/ana.md": "Ana prefers short answers.",
    });
    const results = await lucid.memory.search(storeId, { q: "wrangler deploy" });
    expect(results.data.map((hit) => hit.memory.path)).toEqual(["/tools/wrangler.md", "/misc/weather.md"]);
    expect(results.data[0]!.snippet).toMatch(/\*\*/);
    expect((await lucid.memory.search(storeId, { q: "wrangler deploy", limit: 1 })).data).toHaveLength(1);
  });

  it("exports a store as Markdown and imports it into another, merging or replacing", async () => {
    const source = await storeWith({ "/a.md": "Alpha, with `code` and ---\nrules.", "/notes/b.md": "Beta." });
    const bundle = await lucid.memory.export(source);
    expect(bundle).toContain("/notes/b.md");

    const copy = await storeWith({ "/old.md": "Kept by merge, dropped by replace." });
    expect(await lucid.memory.import(copy, bundle)).toMatchObject({ type: "memory_import", created: 2, deleted: 0 });
    expect(await lucid.memory.import(copy, bundle, { mode: "replace" })).toMatchObject({ created: 0, deleted: 1, unchanged: 2 });
    expect(await lucid.memory.export(copy)).toBe(bundle);
  });

  it("keeps another tenant's store out of reach", async () => {
    const storeId = await storeWith({ "/secret.md": "Only for the default tenant." });
    const { lucid: other } = await newTenant();
    await expect(other.memory.search(storeId, { q: "secret" })).rejects.toMatchObject({ status: 404 });
    await expect(other.memory.export(storeId)).rejects.toMatchObject({ status: 404 });
  });
});
