// What a session sees of its memory at start: each attached store's index and its most relevant memories, within a token budget.
import type { AttachedStore } from "../tools/memory-tools";

/** Paths a store's index shows in the prompt; a larger store says how many more there are. */
export const MAX_INDEX_PATHS = 200;

export interface StoreView {
  store: AttachedStore;
  /** The store's first paths (at most MAX_INDEX_PATHS), and how many it has in all. */
  index: { path: string; content_size_bytes: number }[];
  indexTotal: number;
  /** Best matches for the task first. */
  relevant: { path: string; content: string; content_sha256: string }[];
}

export type LoadedMemory = {
  memory_store_id: string;
  path: string;
  content_sha256: string;
};

/** Characters per token, the usual rough estimate for English prose and Markdown. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/**
 * Renders the memory block placed after the agent's system prompt. Indexes come first (they tell the agent what it
 * can read with its tools); then whole memories in relevance order while they fit the budget, never cut mid-memory.
 */
export function renderMemoryBlock(views: StoreView[], tokenBudget: number): { text: string; loaded: LoadedMemory[]; tokens: number } {
  const header = [
    "<memory>",
    "You have persistent memory that carries what earlier sessions learned. Use it: follow its playbooks and preferences.",
    "Tools: memory_list, memory_read, memory_search to look further; memory_write and memory_edit to record what you learn",
    "(short, specific, reusable notes; never secrets).",
  ];
  const sections: string[] = [];
  const loaded: LoadedMemory[] = [];
  let used = estimateTokens(header.join("\n"));
  for (const view of views) {
    const { store } = view;
    const lines = [`## Store "${store.name}" (${store.memory_store_id}, ${store.access.replace("_", "-")})`];
    if (store.instructions) lines.push(`Instructions for this store: ${store.instructions}`);
    const paths = view.index.slice(0, MAX_INDEX_PATHS).map((entry) => entry.path);
    const more = view.indexTotal - paths.length;
    lines.push(
      paths.length ? `Index: ${paths.join(", ")}${more > 0 ? `, … and ${more} more (memory_list and memory_search find them)` : ""}` : "Index: (empty)",
    );
    used += estimateTokens(lines.join("\n"));
    sections.push(lines.join("\n"));
  }
  for (const view of views) {
    for (const memory of view.relevant) {
      const section = `### ${memory.path} (store ${view.store.name})\n${memory.content}`;
      const cost = estimateTokens(section);
      if (used + cost > tokenBudget) continue;
      used += cost;
      sections.push(section);
      loaded.push({ memory_store_id: view.store.memory_store_id, path: memory.path, content_sha256: memory.content_sha256 });
    }
  }
  const text = [...header, "", ...sections, "</memory>"].join("\n");
  return { text, loaded, tokens: estimateTokens(text) };
}
