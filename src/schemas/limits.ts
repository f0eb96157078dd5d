// The size limits of the API in one place: the schemas and middleware enforce them, docs/reference/limits.md lists them.

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

/**
 * The longest request URL (path and query) the API answers; longer ones get an Anthropic-shaped 414. The runtime refuses
 * URLs over 64 KiB itself, with a plain-text 414 the Worker never sees (Cloudflare's edge: 16 KB), so Lucid draws its
 * own line well inside both. The longest URL a client needs (a memory path of 1024 bytes, percent-encoded, plus 20 list
 * filters) is under 4 KiB.
 */
export const MAX_URL_CHARS = 8 * 1024;

/** The largest memory content: 100 kB, as in the Managed Agents API. */
export const MAX_MEMORY_CONTENT_BYTES = 102_400;

/** Characters of a vault credential's secret (a bearer token, an OAuth access or refresh token, a client secret): room for large JWTs. */
export const MAX_CREDENTIAL_SECRET_CHARS = 16_384;

/** Characters of a vault credential's other fields (its MCP server URL, token endpoint, client id, scope, resource). */
export const MAX_CREDENTIAL_FIELD_CHARS = 2_048;

/** Credentials one vault holds, archived ones included (deleting one makes room). */
export const MAX_CREDENTIALS_PER_VAULT = 100;

/** Events in one `POST /v1/sessions/{id}/events` (and initial events of a session or deployment). */
export const MAX_EVENTS_PER_SEND = 50;

/** Content blocks in one user message or custom tool result. */
export const MAX_CONTENT_BLOCKS = 100;

/** Characters in one text block. */
export const MAX_TEXT_BLOCK_CHARS = 1_000_000;

/** Characters of text in one tool result: a custom tool result (all its text blocks), and what a built-in file read shows. */
export const MAX_TOOL_RESULT_CHARS = 200_000;

/** Characters in a glob or grep pattern of the file tools. */
export const MAX_SEARCH_PATTERN_CHARS = 1_000;

/**
 * Instructions a glob or grep pattern may compile to. Patterns run on RE2 (re2js), which takes time linear in the
 * text, times at most the program size when it falls back from its DFA to its NFA: the size is the cost of a byte.
 */
export const MAX_SEARCH_PROGRAM_SIZE = 2_000;

/**
 * Steps one glob or grep call may spend, a step being one byte of path or text searched by one instruction of the
 * pattern: a plain word compiles to under 10 instructions, so a grep for it searches some 8 MB. The worst patterns,
 * on which RE2's DFA gives up, run some 10 million steps a second: a call then takes several seconds of CPU at most.
 */
export const MAX_SEARCH_STEPS = 2 ** 26;

/**
 * Steps one slice of a search spends in one workspace call (half a second at worst); between slices the workspace
 * serves other requests, and the step running the tool checks whether it was interrupted.
 */
export const SEARCH_SLICE_STEPS = 2 ** 22;

/** Bytes of one line a grep searches: the first 256 KiB, fewer for a pattern over 16 instructions (one slice's steps). */
export const MAX_GREP_LINE_BYTES = 256 * 1024;

/** Matching lines one grep call returns. */
export const MAX_GREP_MATCHES = 200;

/** Tools (custom tools and toolsets) of one agent. */
export const MAX_TOOLS_PER_AGENT = 128;

/** Vaults one session draws credentials from. */
export const MAX_VAULTS_PER_SESSION = 20;

/** MCP servers of one agent, as the Managed Agents API allows. */
export const MAX_MCP_SERVERS_PER_AGENT = 20;

/** Items per page of any list (agents, sessions, …) but a transcript's. */
export const MAX_PAGE_LIMIT = 100;

/**
 * Events per page of a transcript: the SDK's own EnvironmentWorker reads a session's history 1,000 at a time. A page
 * also stops before MAX_EVENT_PAGE_BYTES of events (with a next_page), so a page of large events stays small.
 */
export const MAX_EVENT_PAGE_LIMIT = 1_000;
export const MAX_EVENT_PAGE_BYTES = 4 * 1024 * 1024;

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
