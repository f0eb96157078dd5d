// Where learning reaches the prompt, part two: the memory block a session loads, within its token budget.
import { describe, expect, it } from "vitest";
import { estimateTokens, MAX_INDEX_PATHS, renderMemoryBlock, type StoreView } from "../../src/memory/memory-loading";

const store = { memory_store_id: "memstore_1", name: "Drafting", access: "read_write" as const, instructions: "Keep preferences short." };

function view(relevant: { path: string; content: string }[], indexTotal = relevant.length): StoreView {
  return {
    store,
    index: relevant.map((memory) => ({ path: memory.path, content_size_bytes: memory.content.length })),
    indexTotal,
    relevant: relevant.map((memory) => ({ ...memory, content_sha256: `sha-${memory.path}` })),
  };
}

const memory = (path: string, words: number) => ({ path, content: `${path} `.repeat(words).trim() });

describe("rendering the memory block", () => {
  it("loads whole memories in relevance order while they fit, and skips one that would not fit whole", () => {
    const first = memory("/a.md", 20);
    const large = memory("/large.md", 400);
    const small = memory("/small.md", 5);
    const budget = 250;
    const { text, loaded, tokens } = renderMemoryBlock([view([first, large, small])], budget);
    expect(loaded.map((entry) => entry.path)).toEqual(["/a.md", "/small.md"]);
    expect(text).toContain(first.content);
    expect(text).toContain(small.content);
    // Never half a memory: the large one is absent entirely, not cut.
    expect(text).not.toContain("/large.md /large.md");
    expect(tokens).toBe(estimateTokens(text));
    expect(tokens).toBeLessThanOrEqual(budget + estimateTokens("\n</memory>"));
  });

  it("always shows each store's index and instructions, before any memory", () => {
    const { text, loaded } = renderMemoryBlock([view([memory("/a.md", 2000)])], 100);
    expect(loaded).toEqual([]);
    expect(text).toContain('## Store "Drafting" (memstore_1, read-write)');
    expect(text).toContain("Instructions for this store: Keep preferences short.");
    expect(text).toContain("Index: /a.md");
    expect(text.startsWith("<memory>")).toBe(true);
    expect(text.endsWith("</memory>")).toBe(true);
  });

  it("says how many paths the index leaves out", () => {
    const many = Array.from({ length: MAX_INDEX_PATHS + 5 }, (_, index) => memory(`/m${index}.md`, 1));
    const { text } = renderMemoryBlock([view(many, many.length + 10)], 100_000);
    expect(text).toContain(`… and 15 more (memory_list and memory_search find them)`);
  });

  it("records what it loaded with each memory's digest, for lucid.memory_loaded", () => {
    const { loaded } = renderMemoryBlock([view([memory("/a.md", 3)])], 10_000);
    expect(loaded).toEqual([{ memory_store_id: "memstore_1", path: "/a.md", content_sha256: "sha-/a.md" }]);
  });
});
