import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import type { MemorySearchResult } from "../../src/schemas/memory";
import { api, lucidClient, newTenantClient } from "../fixtures/lucid";

const client = lucidClient();
const memories = client.beta.memoryStores.memories;

async function search(storeId: string, q: string, limit?: number, apiKey?: string) {
  const query = new URLSearchParams({ q, ...(limit ? { limit: String(limit) } : {}) });
  const response = await api(`/v1/memory_stores/${storeId}/search?${query}`, apiKey ? { apiKey } : {});
  return { status: response.status, body: (await response.json()) as { data: MemorySearchResult[] } };
}

describe("memory search (Lucid extension)", () => {
  it("ranks the more relevant memory first and returns it in full with a snippet", async () => {
    const storeId = (await client.beta.memoryStores.create({ name: "search" })).id;
    await memories.create(storeId, { path: "/misc/weather.md", content: "It rained in the afternoon; the deploy was unrelated." });
    await memories.create(storeId, {
      path: "/tools/wrangler-deploy.md",
      content: "To deploy with wrangler, run wrangler deploy after wrangler login. Deploy fails without a login.",
    });
    await memories.create(storeId, { path: "/people/ana.md", content: "Ana prefers short answers." });

    const { status, body } = await search(storeId, "wrangler deploy");
    expect(status).toBe(200);
    expect(body.data.map((hit) => hit.memory.path)).toEqual(["/tools/wrangler-deploy.md", "/misc/weather.md"]);
    const [best, second] = body.data;
    expect(best!.score).toBeGreaterThan(second!.score);
    expect(best!.memory.content).toMatch(/^To deploy with wrangler/);
    expect(best!.snippet).toMatch(/\*\*(wrangler|deploy)\*\*/i);
  });

  it("finds stemmed words and path words, and honours the limit", async () => {
    const storeId = (await client.beta.memoryStores.create({ name: "stems" })).id;
    await memories.create(storeId, { path: "/playbooks/invoices.md", content: "Steps that worked." });
    await memories.create(storeId, { path: "/notes/a.md", content: "Exporting reports to PDF needs the landscape flag." });
    await memories.create(storeId, { path: "/notes/b.md", content: "Reports exported as CSV lose formatting." });
    expect((await search(storeId, "invoices")).body.data.map((hit) => hit.memory.path)).toEqual(["/playbooks/invoices.md"]);
    expect((await search(storeId, "export report")).body.data).toHaveLength(2);
    expect((await search(storeId, "export report", 1)).body.data).toHaveLength(1);
  });

  it("treats FTS syntax in a query as plain words instead of failing", async () => {
    const storeId = (await client.beta.memoryStores.create({ name: "syntax" })).id;
    await memories.create(storeId, { path: "/c.md", content: "The NEAR operator and column:filters are FTS syntax." });
    for (const q of ['"unbalanced', "NEAR(a b", "column:filters", "a AND OR NOT b", "*", "^start", "((", "-minus +plus", "'; DROP TABLE memories; --"]) {
      const { status } = await search(storeId, q);
      expect(status, q).toBe(200);
    }
    expect((await search(storeId, "column:filters")).body.data.map((hit) => hit.memory.path)).toEqual(["/c.md"]);
    expect((await search(storeId, "***")).body.data).toEqual([]);
  });

  it("keeps the index in step with updates, renames and deletes", async () => {
    const storeId = (await client.beta.memoryStores.create({ name: "sync" })).id;
    const memory = await memories.create(storeId, { path: "/m.md", content: "alpha" });
    await memories.update(memory.id, { memory_store_id: storeId, content: "beta", path: "/renamed.md" });
    expect((await search(storeId, "alpha")).body.data).toEqual([]);
    expect((await search(storeId, "beta")).body.data.map((hit) => hit.memory.path)).toEqual(["/renamed.md"]);
    await memories.delete(memory.id, { memory_store_id: storeId });
    expect((await search(storeId, "beta")).body.data).toEqual([]);
  });

  it("requires a query and keeps other tenants out", async () => {
    const storeId = (await client.beta.memoryStores.create({ name: "guarded" })).id;
    expect((await search(storeId, "")).status).toBe(400);
    const stranger = await newTenantClient("search stranger");
    expect((await search(storeId, "anything", undefined, stranger.apiKey!)).status).toBe(404);
    await expect(stranger.beta.memoryStores.retrieve(storeId)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });
});
