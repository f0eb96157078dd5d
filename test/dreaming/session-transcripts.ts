// Realistic session transcripts for dreaming tests: events as the session runner records them.
import { sha256Hex } from "../../src/sha256";
import type { MemoryEntry } from "../../src/schemas/dream";
import type { SessionEvent } from "../../src/schemas/session-event";

/** Builds one session's events with ids unique to the session (`sevt_<session>_<n>`). */
export function transcript(sessionId: string) {
  const events: SessionEvent[] = [];
  const add = (type: string, fields: Record<string, unknown> = {}): SessionEvent => {
    const event = { id: `sevt_${sessionId.slice(5)}_${events.length + 1}`, type, processed_at: "2026-11-25T10:00:00Z", ...fields } as SessionEvent;
    events.push(event);
    return event;
  };
  const text = (value: string) => [{ type: "text", text: value }];
  return {
    events,
    user: (value: string) => add("user.message", { content: text(value) }),
    agent: (value: string) => add("agent.message", { content: text(value) }),
    step: () => {
      const start = add("span.model_request_start");
      add("span.model_request_end", { model_request_start_id: start.id, is_error: false });
    },
    /** A built-in tool call and its result. */
    tool: (name: string, input: Record<string, unknown>, result: string, isError = false) => {
      const use = add("agent.tool_use", { name, input });
      const answer = add("agent.tool_result", { tool_use_id: use.id, content: text(result), is_error: isError });
      return { use, answer };
    },
    /** A custom tool call answered by the client. */
    customTool: (name: string, input: Record<string, unknown>, result: string, isError = false) => {
      const use = add("agent.custom_tool_use", { name, input });
      const answer = add("user.custom_tool_result", { custom_tool_use_id: use.id, content: text(result), is_error: isError });
      return { use, answer };
    },
    modelError: (type: string, message: string, retryStatus: string) => add("session.error", { error: { type, message, retry_status: { type: retryStatus } } }),
    interrupt: () => add("user.interrupt"),
    idle: (stopReason = "end_turn") => add("session.status_idle", { stop_reason: { type: stopReason }, stop_details: null }),
    running: () => add("session.status_running"),
  };
}

/**
 * The shared pattern: `deploy` is refused permission, and the same call with `sudo: true` works. Paths and numbers differ
 * per session (as they would), so only a normalised error signature makes the sessions alike.
 */
export function deploySession(sessionId: string, site: number, options: { correction?: string } = {}) {
  const session = transcript(sessionId);
  session.running();
  const task = session.user(`Deploy the docs site to /srv/www/docs-${site}.`);
  session.step();
  const failed = session.tool(
    "deploy",
    { target: `/srv/www/docs-${site}`, sudo: false },
    `Permission denied: cannot write /srv/www/docs-${site}/index.html (errno 13, request ${site}a7f3e9c2d1)`,
    true,
  );
  session.step();
  const worked = session.tool("deploy", { target: `/srv/www/docs-${site}`, sudo: true }, `Deployed ${40 + site} files to /srv/www/docs-${site}.`);
  session.step();
  const reply = session.agent(`Deployed the docs site to /srv/www/docs-${site}.`);
  session.idle();
  const correction = options.correction ? session.user(options.correction) : undefined;
  if (correction) {
    session.step();
    session.agent("Understood.");
    session.idle();
  }
  return { events: session.events, task, failed, worked, reply, correction };
}

/** A memory entry with defaults for the fields a test does not care about. */
export function memory(path: string, content: string, fields: Partial<MemoryEntry> = {}): MemoryEntry {
  return {
    path,
    content,
    content_sha256: "0".repeat(64),
    author: { type: "dream", id: "drm_earlier" },
    provenance: [],
    support_count: 0,
    last_confirmed_at: null,
    ...fields,
  };
}

/** A memory entry whose content_sha256 is its content's real hash, as the store keeps it. */
export async function storedMemory(path: string, content: string, fields: Partial<MemoryEntry> = {}): Promise<MemoryEntry> {
  return memory(path, content, { ...fields, content_sha256: await sha256Hex(content) });
}
