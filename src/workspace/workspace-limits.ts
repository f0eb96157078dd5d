// The bounds of a workspace. Durable Object SQLite values are limited to about 2 MB, so file content is stored in
// chunks well below that; the totals keep one workspace within what one object should hold.
import { MAX_WORKSPACE_FILE_BYTES } from "../schemas/limits";

export const CHUNK_BYTES = 512 * 1024;
export const MAX_FILE_BYTES = MAX_WORKSPACE_FILE_BYTES;
export const MAX_WORKSPACE_BYTES = 1024 * 1024 * 1024;
export const MAX_WORKSPACE_FILES = 10_000;

export const MAX_PATH_LENGTH = 1_024;
export const MAX_PATH_SEGMENT_LENGTH = 255;
export const MAX_PATH_DEPTH = 32;
