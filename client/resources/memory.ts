// Lucid's memory store extensions: full-text search, and the whole store as a Markdown bundle (export and import).
import type { MemoryImportMode, MemoryImportResult, MemorySearchQuery, MemorySearchResults } from "../api-types";
import type { Transport } from "../transport";
import { segment } from "./path";

export function memoryResource(transport: Transport) {
  return {
    /** Best matches first, each with its score and a snippet with the matched terms between `**`. */
    search: (storeId: string, query: MemorySearchQuery) =>
      transport.json<MemorySearchResults>("GET", `/v1/memory_stores/${segment(storeId)}/search`, { query }),
    /** The store as one Markdown bundle. */
    export: (storeId: string) => transport.text("GET", `/v1/memory_stores/${segment(storeId)}/export`, { headers: { accept: "text/markdown" } }),
    /** Writes a bundle into the store: `merge` (default) keeps memories the bundle lacks, `replace` deletes them. */
    import: (storeId: string, bundle: string, options: { mode?: MemoryImportMode } = {}) =>
      transport.json<MemoryImportResult>("POST", `/v1/memory_stores/${segment(storeId)}/import`, {
        query: { mode: options.mode },
        body: bundle,
        headers: { "content-type": "text/markdown; charset=utf-8" },
      }),
  };
}
