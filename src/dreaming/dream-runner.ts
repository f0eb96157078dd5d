// Runs a dream one checkpointed unit at a time (read inputs, each model call, the changeset, the output), so a dream
// that dies resumes where it stopped and never repeats a model call whose result it recorded.
import { createModelReply } from "../model/model-client";
import type Anthropic from "@anthropic-ai/sdk";
import { dreamProgressLog } from "../transcript/event-log";
import type { CrashPoint } from "../faults/crash-points";
import { dreamSessionId } from "../ids";
import { estimateCostMicros } from "../model/pricing";
import type { DreamOperation, Insight, MemoryEntry, Observation, SessionDigest } from "../schemas/dream";
import type { AppendArgs, DreamModelPhase, DreamProgressEventOf, DreamProgressEventType } from "../schemas/recorded-events";
import { applyChangeset } from "./apply-changeset";
import { guardOperations } from "./curation-guards";
import { buildCurationRequest, findRelatedMemories, parseCurationReply, summariseStore } from "./curation-phase";
import { addPhaseUsage, addProgress, dreamChangeset, dreamRequest, dreamReview, type DreamRow, dreamUsage, findDream, updateDream } from "./dream-record";
import { InvalidModelOutputError, type ModelReply } from "../model/structured-output";
import { screenOperation } from "./operation-screening";
import { clusterObservations } from "./observation-clusters";
import { withPriorSupport } from "./prior-support";
import { allowedEvidenceOf, buildReviewRequest, parseReviewReply } from "./review-phase";
import { sourceIndexOf } from "../safety/source-trust";
import { buildSynthesisRequest, parseSynthesisReply } from "./synthesis-phase";

/** Token budget of one session-review request; larger windows are reviewed in several batches. */
const REVIEW_BATCH_TOKENS = 30_000;
/** The output store's budget, which the curation guards hold it to. */
export const STORE_BUDGET = { maxMemories: 500, maxTotalBytes: 2_000_000 };

export interface DreamInputs {
  digests: SessionDigest[];
  memories: MemoryEntry[];
}

export type DreamNotice = "dream.started" | "dream.pending_review" | "dream.completed" | "dream.failed";

/** What a dream needs from the object that runs it. */
export interface DreamHost {
  readonly sql: SqlStorage;
  modelClient(): Anthropic;
  /** Appends an event to the dream's progress session and sends it to live readers. */
  progress<T extends DreamProgressEventType>(type: T, ...args: AppendArgs<DreamProgressEventOf<T>>): void;
  readInputs(row: DreamRow): Promise<DreamInputs>;
  /** Writes the output memories (a new store, or the input store in place); returns the store's id. Idempotent. */
  writeOutput(row: DreamRow, memories: MemoryEntry[]): Promise<string>;
  /** Points the dream's agent at its output, when the dream was the agent's own. */
  adoptOutput(row: DreamRow, storeId: string): Promise<void>;
  /** Lets go of the input store when the dream updated it in place. */
  releaseTarget(): Promise<void>;
  notify(notice: DreamNotice): Promise<void>;
  /** A boundary where the fault-injection switch can crash the object, after what precedes it is durable (src/faults/crash-points.ts). */
  crashPoint(point: CrashPoint): Promise<void>;
}

/** A dream that cannot finish: recorded on the dream as its error. */
export class DreamFailure extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** The checkpoint holding the operations a reviewer approved. */
export const APPROVED_OPERATIONS = "approved_operations";

export function getCheckpoint<T>(sql: SqlStorage, key: string): T | null {
  const row = sql.exec<{ value: string }>("SELECT value FROM checkpoints WHERE key = ?", key).toArray()[0];
  return row ? (JSON.parse(row.value) as T) : null;
}

export function putCheckpoint(sql: SqlStorage, key: string, value: unknown): void {
  sql.exec("INSERT OR REPLACE INTO checkpoints (key, value, created_at) VALUES (?, ?, ?)", key, JSON.stringify(value), new Date().toISOString());
}

/** Whether the progress session ends with a span of this phase that a crash left open (its answer was lost). */
function openSpanOf(host: DreamHost, row: DreamRow, phase: DreamModelPhase): boolean {
  const last = dreamProgressLog.read(host.sql, dreamSessionId(row.id)).at(-1)?.event;
  return last?.type === "span.model_request_start" && last.phase === phase;
}

/** One model call of a phase: recorded as spans on the progress session, parsed, retried once if unusable. */
async function callModel<T>(
  host: DreamHost,
  row: DreamRow,
  phase: DreamModelPhase,
  request: Anthropic.MessageCreateParamsNonStreaming,
  parse: (reply: ModelReply) => T,
): Promise<T> {
  const {
    model: { id: model },
    token_budget: budget,
  } = dreamRequest(row);
  let reason = "";
  for (let attempt = 1; attempt <= 2; attempt++) {
    const spent = dreamUsage(findDream(host.sql)!);
    const used = spent.input_tokens + spent.output_tokens + spent.cache_creation_input_tokens + spent.cache_read_input_tokens;
    if (used >= budget) {
      throw new DreamFailure(
        "budget_exceeded",
        `The dream used ${used} tokens of its budget of ${budget} before its ${phase} call; it stops rather than exceed it.`,
      );
    }
    // A call whose answer died with the object is made again under the span it opened: one span per answer kept.
    if (!openSpanOf(host, row, phase)) host.progress("span.model_request_start", { phase });
    const reply = await createModelReply(host.modelClient(), { ...request, metadata: { user_id: `${row.agent_id ?? "dream"}/${row.id}` } });
    await host.crashPoint("dream.model_call_made");
    const usage = {
      input_tokens: reply.usage.input_tokens,
      output_tokens: reply.usage.output_tokens,
      cache_read_input_tokens: reply.usage.cache_read_input_tokens ?? 0,
      cache_creation_input_tokens: reply.usage.cache_creation_input_tokens ?? 0,
    };
    addPhaseUsage(host.sql, phase, usage, estimateCostMicros(model, usage));
    try {
      const parsed = parse(reply);
      host.progress("span.model_request_end", { phase, is_error: false, model_usage: usage });
      return parsed;
    } catch (error) {
      if (!(error instanceof InvalidModelOutputError)) throw error;
      reason = error.reason;
      host.progress("span.model_request_end", { phase, is_error: true, model_usage: usage, error: error.message });
    }
  }
  throw new DreamFailure("invalid_model_output", `The ${phase} phase's model answer was unusable twice: ${reason}`);
}

async function inputsOf(host: DreamHost, row: DreamRow): Promise<DreamInputs> {
  const saved = getCheckpoint<DreamInputs>(host.sql, "inputs");
  if (saved) return saved;
  updateDream(host.sql, { phase: "reading" });
  const inputs = await host.readInputs(row);
  putCheckpoint(host.sql, "inputs", inputs);
  addProgress(host.sql, { sessions: inputs.digests.length, memories: inputs.memories.length });
  host.progress("lucid.dream_phase", { phase: "reading", sessions: inputs.digests.length, memories: inputs.memories.length });
  return inputs;
}

/**
 * Does the next unit of work and says whether more remains. Each unit ends in a checkpoint, so the caller (the
 * object's alarm) can run one unit per invocation and a crash between units loses nothing.
 */
export async function advanceDream(host: DreamHost): Promise<boolean> {
  const row = findDream(host.sql);
  // A dream that crashed after it completed but before it said so says so now (alarms run again after a crash).
  if (row?.status === "completed") return announceOnce(host, "dream.completed", "completion_announced");
  if (!row || (row.status !== "pending" && row.status !== "running")) return false;
  // Likewise a dream that crashed after it was held for review but before it said so.
  if (row.phase === "awaiting_review") return announceOnce(host, "dream.pending_review", "review_announced");
  if (row.status === "pending") {
    updateDream(host.sql, { status: "running" });
    host.progress("session.status_running");
    await host.notify("dream.started");
  }
  const request = dreamRequest(row);
  const instructions = request.instructions ?? undefined;
  const inputs = await inputsOf(host, row);

  updateDream(host.sql, { phase: "review" });
  const batches = buildReviewRequest({ digests: inputs.digests, instructions, model: request.model.id, tokenBudget: REVIEW_BATCH_TOKENS });
  const observations: Observation[] = [];
  for (const [index, batch] of batches.entries()) {
    const key = `review:${index}`;
    const saved = getCheckpoint<{ observations: Observation[] }>(host.sql, key);
    if (saved) {
      observations.push(...saved.observations);
      continue;
    }
    const allowed = allowedEvidenceOf(inputs.digests.filter((digest) => batch.session_ids.includes(digest.session_id)));
    if (index === 0) await host.crashPoint("dream.phase_started");
    const result = await callModel(host, row, "review", batch.request, (reply) => parseReviewReply(reply, allowed));
    putCheckpoint(host.sql, key, result);
    addProgress(host.sql, { review_batches_done: index + 1, review_batches: batches.length });
    await host.crashPoint("dream.phase_checkpointed");
    return true;
  }
  addProgress(host.sql, { observations: observations.length });

  updateDream(host.sql, { phase: "synthesis" });
  const clusters = withPriorSupport(clusterObservations(observations), inputs.memories);
  let synthesis = getCheckpoint<{ insights: Insight[] }>(host.sql, "synthesis");
  if (!synthesis) {
    await host.crashPoint("dream.phase_started");
    const synthesisRequest = buildSynthesisRequest({ clusters, instructions, model: request.model.id });
    synthesis = synthesisRequest
      ? await callModel(host, row, "synthesis", synthesisRequest, (reply) => parseSynthesisReply(reply, clusters))
      : { insights: [] };
    putCheckpoint(host.sql, "synthesis", synthesis);
    addProgress(host.sql, { clusters: clusters.length, insights: synthesis.insights.length });
    host.progress("lucid.dream_phase", { phase: "synthesis", clusters: clusters.length, insights: synthesis.insights.length });
    await host.crashPoint("dream.phase_checkpointed");
    if (synthesisRequest) return true;
  }

  updateDream(host.sql, { phase: "curation" });
  let curation = getCheckpoint<{ operations: DreamOperation[] }>(host.sql, "curation");
  if (!curation) {
    await host.crashPoint("dream.phase_started");
    const { insights } = synthesis;
    const curationRequest = insights.length
      ? buildCurationRequest({
          insights,
          relatedMemories: insights.map((insight) => findRelatedMemories(insight, inputs.memories)),
          storeSummary: summariseStore(inputs.memories, STORE_BUDGET),
          instructions,
          model: request.model.id,
        })
      : null;
    curation = curationRequest ? { operations: await callModel(host, row, "curation", curationRequest, parseCurationReply) } : { operations: [] };
    putCheckpoint(host.sql, "curation", curation);
    await host.crashPoint("dream.phase_checkpointed");
    if (curationRequest) return true;
  }

  const current = findDream(host.sql)!;
  if (!dreamChangeset(current)) return decide(host, current, inputs, curation.operations);
  return writeOutput(host, current, inputs);
}

/**
 * Screens the proposed operations for poisoning, guards them into a changeset, then either holds it for a person or
 * goes on to write it. A quarantined operation holds the changeset even in auto mode.
 */
async function decide(host: DreamHost, row: DreamRow, inputs: DreamInputs, proposed: DreamOperation[]): Promise<boolean> {
  const sources = sourceIndexOf(inputs.digests);
  const operations = proposed.map((operation) => screenOperation(operation, sources));
  const guarded = await guardOperations(operations, inputs.memories, {
    dreamId: row.id,
    windowSessionIds: inputs.digests.map((digest) => digest.session_id),
    ...STORE_BUDGET,
  });
  const quarantined = guarded.operations.flatMap((operation) => (operation.quarantine ? [operation.quarantine.reason] : []));
  const changeset = quarantined.length ? { ...guarded, requires_review: true, review_reasons: [...guarded.review_reasons, ...quarantined] } : guarded;
  const reasons = [...(row.mode === "review" ? ["the dream runs in review mode"] : []), ...changeset.review_reasons];
  const held = operations.length > 0 && (row.mode === "review" || changeset.requires_review);
  updateDream(host.sql, {
    changeset,
    review: { state: held ? "pending" : "not_required", reasons: held ? reasons : [], approved_operation_ids: null, edits: [], decided_at: null },
    phase: held ? "awaiting_review" : "writing",
  });
  addProgress(host.sql, { operations: changeset.operations.length, refused: changeset.refused.length, flags: changeset.flags.length });
  host.progress("lucid.dream_phase", {
    phase: "curation",
    operations: changeset.operations.length,
    refused: changeset.refused.length,
    flags: changeset.flags.length,
    quarantined: quarantined.length,
    held_for_review: held,
  });
  if (held) {
    await host.crashPoint("dream.held_for_review");
    return announceOnce(host, "dream.pending_review", "review_announced");
  }
  await host.crashPoint("dream.phase_checkpointed");
  return true;
}

async function writeOutput(host: DreamHost, row: DreamRow, inputs: DreamInputs): Promise<boolean> {
  updateDream(host.sql, { phase: "writing" });
  await host.crashPoint("dream.phase_started");
  const changeset = dreamChangeset(row)!;
  // A person's approval saved the operations they chose (edited, and guarded again); otherwise the whole changeset.
  const operations = dreamReview(row).state === "approved" ? (getCheckpoint<DreamOperation[]>(host.sql, APPROVED_OPERATIONS) ?? []) : changeset.operations;
  const memories = await applyChangeset(inputs.memories, operations, row.id, new Date().toISOString());
  const storeId = await host.writeOutput(row, memories);
  await host.crashPoint("dream.output_written");
  if (operations.length > 0) await host.adoptOutput(row, storeId);
  await host.releaseTarget();
  await host.crashPoint("dream.output_adopted");
  updateDream(host.sql, {
    status: "completed",
    phase: "done",
    outputs: [{ type: "memory_store", memory_store_id: storeId }],
    ended_at: new Date().toISOString(),
  });
  host.progress("lucid.dream_phase", { phase: "writing", memory_store_id: storeId, operations_applied: operations.length });
  host.progress("session.status_idle", { stop_reason: { type: "end_turn" }, stop_details: null });
  await host.crashPoint("dream.completion_recorded");
  return announceOnce(host, "dream.completed", "completion_announced");
}

/**
 * Sends a notice until it has gone out once: the checkpoint is written after it, so a crash between the two repeats
 * the notice, and its webhook (keyed by the dream and the notice) is still one event.
 */
async function announceOnce(host: DreamHost, notice: "dream.pending_review" | "dream.completed", checkpoint: string): Promise<false> {
  if (getCheckpoint<boolean>(host.sql, checkpoint)) return false;
  await host.notify(notice);
  putCheckpoint(host.sql, checkpoint, true);
  return false;
}
