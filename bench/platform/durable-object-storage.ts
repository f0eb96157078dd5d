// Storage a Durable Object class holds in local state: the SQLite databases Miniflare keeps under `--persist-to`.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

export interface ClassStorage {
  objects: number;
  bytes: number;
}

/**
 * Each object's size as SQLite counts it (pages × page size, committed WAL frames included), which is what
 * `ctx.storage.sql.databaseSize` reports and Cloudflare bills. Read after the worker stops, so nothing is mid-write.
 */
export function classStorage(stateDir: string, workerName: string, className: string): ClassStorage {
  const dir = join(stateDir, "v3", "do", `${workerName}-${className}`);
  // Miniflare keeps its own bookkeeping in metadata.sqlite beside the objects; it is not an object's storage.
  const files = safeList(dir).filter((name) => name.endsWith(".sqlite") && name !== "metadata.sqlite");
  let bytes = 0;
  for (const file of files) {
    const database = new DatabaseSync(join(dir, file), { readOnly: true });
    try {
      const pages = database.prepare("PRAGMA page_count").get() as { page_count: number };
      const size = database.prepare("PRAGMA page_size").get() as { page_size: number };
      bytes += pages.page_count * size.page_size;
    } finally {
      database.close();
    }
  }
  return { objects: files.length, bytes };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
