// Depth-limited listings: which memories show as themselves and which fold into `memory_prefix` folder markers.
import type { MemoryPrefix } from "../schemas/memory";
import { folderRange } from "../schemas/memory-path";

/** The most memories one listing RPC returns (RPC values are bounded, stores are not); the HTTP API pages instead. */
export const RPC_LIST_LIMIT = 1_000;

/** The folder marker a memory folds into when listing `depth` levels below `prefix`, or null when it shows itself. */
export function foldedPrefix(path: string, prefix: string, depth: number): string | null {
  if (depth === 0) return null;
  const segments = path.slice(prefix.length).split("/");
  return segments.length > depth ? prefix + segments.slice(0, depth).join("/") + "/" : null;
}

/**
 * Page items from memories read in path (byte) order: each memory as itself or, the first time its folder
 * appears, that folder's marker. A folder's memories are contiguous in byte order, so one marker stands for all.
 */
export function* listingItems<T extends { path: string }>(rows: Iterable<T>, prefix: string, depth: number): Generator<T | MemoryPrefix> {
  let lastMarker: string | null = null;
  for (const row of rows) {
    const marker = foldedPrefix(row.path, prefix, depth);
    if (marker === null) yield row;
    else if (marker !== lastMarker) yield { type: "memory_prefix", path: (lastMarker = marker) };
  }
}

/**
 * Where the page after an item starts: after a memory, the next path; after a marker (it ends with "/"),
 * past its whole folder, whose memories it already stood for.
 */
export function resumePoint(lastPath: string): { path: string; inclusive: boolean } {
  return lastPath.endsWith("/") ? { path: folderRange(lastPath).to, inclusive: true } : { path: lastPath, inclusive: false };
}
