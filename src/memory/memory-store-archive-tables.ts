// Which tables of a MemoryStoreObject an agent archive carries, in the order they are exported (the store's own record first).
// biome-ignore-all format: column lists are packed several to a line, in the order of the table's columns.
import type { ArchiveTable } from "../archive/archive-rows";
import { findOverlappingMemory } from "./memory-records";

/** The store, its live memories and every version of them; the search index is rebuilt from the memories. */
export const MEMORY_STORE_ARCHIVE_TABLES: readonly ArchiveTable[] = [
  { record: "memory_store", table: "store", columns: ["id", "name", "description", "metadata", "created_at", "updated_at", "archived_at"], json: ["metadata"] },
  {
    record: "memory",
    table: "memories",
    owner: "memory_store_id",
    columns: [
      "seq", "id", "path", "content", "content_sha256", "content_size_bytes", "memory_version_id", "author", "provenance", "last_confirmed_at",
      "links", "created_at", "updated_at",
    ],
    json: ["author", "provenance", "links"],
    // As the API keeps them: no two memories at one path, and none at a path another uses as a folder.
    conflict: (sql, memory) => {
      const other = findOverlappingMemory(sql, memory.path as string, null);
      return other ? `the memory at '${memory.path}' overlaps the memory at '${other.path}' (a path is a memory or a folder, not both).` : null;
    },
  },
  {
    record: "memory_version",
    table: "memory_versions",
    owner: "memory_store_id",
    columns: [
      "seq", "id", "memory_id", "operation", "path", "content", "content_sha256", "content_size_bytes", "created_by", "author", "created_at",
      "redacted_at", "redacted_by",
    ],
    json: ["created_by", "author", "redacted_by"],
  },
];
