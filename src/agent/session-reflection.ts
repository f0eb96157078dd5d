// Reflection at the end of a session's work: one short model call turns what happened into lessons in its memory store.
import { createModelReply } from "../model/model-client";
import type Anthropic from "@anthropic-ai/sdk";
import { truncateText } from "../transcript/bounded-text";
import { InvalidModelOutputError } from "../model/structured-output";
import { revealHiddenCharacters, stripHiddenCharacters } from "../safety/hidden-characters";
import { poisoningRiskOf } from "../safety/poisoning-risk";
import { digestSession } from "../transcript/session-digest";
import { sourceIndexOf } from "../safety/source-trust";
import { quarantinePathOf } from "../memory/quarantine";
import { buildReflectionRequest, parseReflectionReply } from "../memory/reflection";
import type { MemoryStoreStub } from "../platform/stubs";
import { addCallUsage, NO_CALL_USAGE } from "../model/call-usage";
import { estimateCostMicros } from "../model/pricing";
import type { Agent } from "../schemas/agent";
import type { SessionEvent } from "../schemas/session-event";
import { readEvents } from "../transcript/event-log";
import { FOLDERS_NOT_LOADED } from "./session-memory";
import type { Append } from "./session-status";
import { addSessionUsage, findSession, sessionResources } from "./session-store";
import { usageOf } from "./step-host";

const EXISTING_PATHS_SHOWN = 500;

/** The event type recording a reflection: what was written where, and what it cost (Lucid extension). */
export const REFLECTION = "lucid.reflection";

export interface ReflectionHost {
  readonly sql: SqlStorage;
  memoryStore(storeId: string): MemoryStoreStub;
  tenantId(): string;
  agentAt(version: number): Agent;
  modelClient(): Anthropic;
  record(sessionId: string, write: (append: Append) => void): SessionEvent[];
}

const worked = (events: readonly { event: SessionEvent }[]) => events.some(({ event }) => event.type === "agent.message" || event.type === "agent.tool_result");

/**
 * Reflects once per stretch of new work: it runs when the session has been idle a while, and records how far it
 * read (`reflected_seq`) so a repeated alarm, or an idle session, never reflects twice on the same events.
 */
export async function reflectOnSession(host: ReflectionHost, sessionId: string): Promise<void> {
  const row = findSession(host.sql, sessionId);
  if (row?.status !== "idle") return;
  const events = readEvents(host.sql, sessionId);
  const lastSeq = events[events.length - 1]?.seq ?? 0;
  const store = sessionResources(row).find((resource) => resource.access === "read_write");
  if (lastSeq <= row.reflected_seq) return;
  if (!store || !worked(events.filter(({ seq }) => seq > row.reflected_seq))) {
    host.sql.exec("UPDATE sessions SET reflected_seq = ? WHERE id = ?", lastSeq, sessionId);
    return;
  }

  const tenantId = host.tenantId();
  const memory = host.memoryStore(store.memory_store_id);
  const agent = host.agentAt(row.agent_version);
  const digest = digestSession(
    sessionId,
    events.map(({ event }) => event),
    row.coordinator_session_id ? "thread" : "user",
  );
  // A bounded sample of paths: enough to reuse a path for a lesson learned again, whatever the store's size.
  const existingPaths = (await memory.pathIndex(tenantId, EXISTING_PATHS_SHOWN, FOLDERS_NOT_LOADED)).entries.map((entry) => entry.path);
  const request = {
    ...buildReflectionRequest({ digest, existingPaths, storePrompt: store.instructions ?? undefined, model: agent.model.id }),
    metadata: { user_id: `${agent.id}/${sessionId}` },
  };

  let usage = NO_CALL_USAGE;
  let parsed: ReturnType<typeof parseReflectionReply> | null = null;
  let failure: string | null = null;
  // One retry when the model's answer does not fit the schema; model errors propagate so the alarm retries later.
  for (let attempt = 1; attempt <= 2 && !parsed; attempt++) {
    const reply = await createModelReply(host.modelClient(), request);
    usage = addCallUsage(usage, usageOf(reply));
    try {
      parsed = parseReflectionReply(reply, digest);
    } catch (error) {
      if (!(error instanceof InvalidModelOutputError)) throw error;
      failure = error.message;
    }
  }

  const written: { path: string; kind: string }[] = [];
  const skipped: { path: string; reason: string }[] = (parsed?.dropped ?? []).map(({ lesson, reason }) => ({ path: lesson.path, reason }));
  const sources = sourceIndexOf([digest]);
  for (const [index, lesson] of (parsed?.lessons ?? []).entries()) {
    // Reflection has no reviewer: a lesson a dream would quarantine goes to the quarantine folder, which no session
    // loads, for a person to approve (move it out) or reject (delete it).
    const risk = poisoningRiskOf(lesson.content, [{ session_id: sessionId, event_ids: lesson.evidence_event_ids }], sources);
    const path = risk ? quarantinePathOf(lesson.path) : lesson.path;
    try {
      await memory.writeMemory(tenantId, {
        path,
        content: stripHiddenCharacters(lesson.content),
        author: { type: "session", id: sessionId },
        provenance: [{ session_id: sessionId, event_ids: lesson.evidence_event_ids }],
        operation_id: `reflection:${sessionId}:${lastSeq}:${index}`,
      });
      if (!risk) written.push({ path, kind: lesson.kind });
      else {
        const proposed = truncateText(revealHiddenCharacters(lesson.content), 1_000);
        skipped.push({
          path: lesson.path,
          reason: `quarantined, not written: kept for a person's review at ${path}, which sessions do not load, as the lesson is ${risk.summary}. Lesson as proposed: ${proposed}`,
        });
      }
    } catch (error) {
      skipped.push({ path: lesson.path, reason: error instanceof Error ? error.message : String(error) });
    }
  }

  host.record(sessionId, (append) => {
    append(REFLECTION, {
      memory_store_id: store.memory_store_id,
      written,
      skipped,
      ...(parsed ? {} : { error: `The reflection's answer was not usable twice: ${failure}` }),
      model_usage: usage,
    });
    addSessionUsage(host.sql, sessionId, usage, estimateCostMicros(agent.model.id, usage));
    host.sql.exec("UPDATE sessions SET reflected_seq = ? WHERE id = ?", lastSeq, sessionId);
  });
}
