// The size limits of the API in one place: the schemas and middleware enforce them, the README's "Limits" table lists them.

/**
 * The largest JSON request body. Every object a request creates is stored as one Durable Object SQLite value, which
 * is limited to about 2 MB, so 1 MiB keeps any request within what can be stored.
 */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** The largest workspace file; content is stored in chunks, so files may exceed one SQLite value. */
export const MAX_WORKSPACE_FILE_BYTES = 25 * 1024 * 1024;

/** The largest raw upload (a workspace file or a memory bundle import): a workspace file at its limit. */
export const MAX_UPLOAD_BODY_BYTES = MAX_WORKSPACE_FILE_BYTES;

/**
 * The largest agent archive an import accepts: Cloudflare's request body limit on most plans (100 MB). The import
 * reads it a line at a time, so it is never held whole in memory.
 */
export const MAX_ARCHIVE_BODY_BYTES = 100 * 1000 * 1000;

/** The largest memory content: 100 kB, as in the Managed Agents API. */
export const MAX_MEMORY_CONTENT_BYTES = 102_400;

/** Events in one `POST /v1/sessions/{id}/events` (and initial events of a session or deployment). */
export const MAX_EVENTS_PER_SEND = 50;

/** Content blocks in one user message or custom tool result. */
export const MAX_CONTENT_BLOCKS = 100;

/** Characters in one text block. */
export const MAX_TEXT_BLOCK_CHARS = 1_000_000;

/** Characters of text in one tool result: a custom tool result (all its text blocks), and what a built-in file read shows. */
export const MAX_TOOL_RESULT_CHARS = 200_000;

/** Tools (custom tools and toolsets) of one agent. */
export const MAX_TOOLS_PER_AGENT = 128;

/** Items per page of any list (events, agents, sessions, …). */
export const MAX_PAGE_LIMIT = 100;

/** Values of a repeated list filter (`types[]`, `statuses[]`): each is one SQL parameter. */
export const MAX_LIST_FILTER_VALUES = 20;

/** Nesting of arrays and objects in a JSON body; validating deeper JSON would exhaust the stack. */
export const MAX_JSON_DEPTH = 64;

/** Bytes as people read them: "1 MiB", "512 KiB", "100 kB". */
export function describeBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes.toLocaleString("en-US")} bytes`;
}
