// The bounds of a workspace. Durable Object SQLite values are limited to about 2 MB, so file content is stored in
// chunks well below that; the totals keep one workspace within what one object should hold.
import { MAX_WORKSPACE_FILE_BYTES } from "../schemas/limits";

export const CHUNK_BYTES = 512 * 1024;
export const MAX_FILE_BYTES = MAX_WORKSPACE_FILE_BYTES;
export const MAX_WORKSPACE_BYTES = 1024 * 1024 * 1024;
export const MAX_WORKSPACE_FILES = 10_000;

/**
 * Past versions (replaced or deleted) have a cap of their own, beyond the live files' bytes: with the default, live
 * files and history stay within 5 GiB, half of the 10 GB one object may store. Over either cap the oldest past
 * versions are pruned; deletes weigh nothing in bytes, so the count bounds them.
 */
export const DEFAULT_HISTORY_MAX_BYTES = 4 * MAX_WORKSPACE_BYTES;
export const MAX_HISTORY_VERSIONS = 100_000;

/** The history cap in bytes: `LUCID_WORKSPACE_HISTORY_MAX_BYTES` when set to a whole number (0 keeps no past content). */
export function historyMaxBytes(setting: string | undefined): number {
  const configured = setting === undefined || setting.trim() === "" ? Number.NaN : Number(setting);
  return Number.isSafeInteger(configured) && configured >= 0 ? configured : DEFAULT_HISTORY_MAX_BYTES;
}

export const MAX_PATH_LENGTH = 1_024;
export const MAX_PATH_SEGMENT_LENGTH = 255;
export const MAX_PATH_DEPTH = 32;
