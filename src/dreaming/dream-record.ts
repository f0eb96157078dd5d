// The dream row of a DreamObject: creating it, updating its state, and rendering it as the API's Dream.
import { notFound } from "../platform/errors";
import { dreamSessionId } from "../ids";
import { addCallUsage, NO_CALL_USAGE } from "../model/call-usage";
import type { CallUsage } from "../model/pricing";
import type { DreamChangeset } from "../schemas/dream";
import type { Dream, DreamCreate, DreamPhase, DreamStatus, DreamUsage, OutputBehavior, ReviewState } from "../schemas/dream-resource";

export type DreamRow = {
  id: string;
  tenant_id: string;
  agent_id: string | null;
  mode: "auto" | "review";
  status: DreamStatus;
  phase: DreamPhase;
  request: string;
  outputs: string;
  error: string | null;
  changeset: string | null;
  review: string;
  progress: string;
  usage_by_phase: string;
  retry_attempt: number;
  created_at: string;
  ended_at: string | null;
  archived_at: string | null;
};

/** The dream as it was asked for, normalised. */
export interface DreamRequest {
  inputs: DreamCreate["inputs"];
  model: { id: string; speed?: "standard" | "fast" };
  instructions: string | null;
  output_behavior: OutputBehavior;
  token_budget: number;
}

type PhaseUsage = DreamUsage & { list_cost_micros: number | null };

export function insertDream(
  sql: SqlStorage,
  dream: { id: string; tenant_id: string; agent_id: string | null; mode: "auto" | "review"; request: DreamRequest },
): void {
  const review: ReviewState = { state: "not_required", reasons: [], approved_operation_ids: null, edits: [], decided_at: null };
  sql.exec(
    `INSERT INTO dream (id, tenant_id, agent_id, mode, status, phase, request, review, created_at) VALUES (?, ?, ?, ?, 'pending', 'queued', ?, ?, ?)`,
    dream.id,
    dream.tenant_id,
    dream.agent_id,
    dream.mode,
    JSON.stringify(dream.request),
    JSON.stringify(review),
    new Date().toISOString(),
  );
}

export function findDream(sql: SqlStorage): DreamRow | null {
  return sql.exec<DreamRow>("SELECT * FROM dream").toArray()[0] ?? null;
}

export function requireDream(sql: SqlStorage, tenantId: string, dreamId: string): DreamRow {
  const row = findDream(sql);
  if (!row || row.tenant_id !== tenantId || row.id !== dreamId) throw notFound("Dream", dreamId);
  return row;
}

export const dreamRequest = (row: DreamRow) => JSON.parse(row.request) as DreamRequest;
/** Dreams reviewed before `edits` was recorded read as unedited. */
export const dreamReview = (row: DreamRow): ReviewState => ({ edits: [], ...(JSON.parse(row.review) as Partial<ReviewState>) }) as ReviewState;
export const dreamChangeset = (row: DreamRow) => (row.changeset ? (JSON.parse(row.changeset) as DreamChangeset) : null);

/** Writes the named columns; JSON columns take their values as objects. */
export function updateDream(
  sql: SqlStorage,
  fields: Partial<{
    status: DreamStatus;
    phase: DreamPhase;
    outputs: { type: "memory_store"; memory_store_id: string }[];
    error: { type: string; message: string } | null;
    changeset: DreamChangeset;
    review: ReviewState;
    progress: Record<string, number>;
    retry_attempt: number;
    ended_at: string;
    archived_at: string;
  }>,
): void {
  const json = new Set(["outputs", "error", "changeset", "review", "progress"]);
  for (const [column, value] of Object.entries(fields)) {
    sql.exec(`UPDATE dream SET ${column} = ?`, json.has(column) ? JSON.stringify(value) : (value as string | number));
  }
}

export function addProgress(sql: SqlStorage, counts: Record<string, number>): void {
  const row = findDream(sql);
  if (row) updateDream(sql, { progress: { ...(JSON.parse(row.progress) as Record<string, number>), ...counts } });
}

export function addPhaseUsage(sql: SqlStorage, phase: string, usage: CallUsage, costMicros: number | null): void {
  const row = findDream(sql);
  if (!row) return;
  const byPhase = JSON.parse(row.usage_by_phase) as Record<string, PhaseUsage>;
  const before = byPhase[phase] ?? { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, list_cost_micros: 0 };
  byPhase[phase] = {
    input_tokens: before.input_tokens + usage.input_tokens,
    output_tokens: before.output_tokens + usage.output_tokens,
    cache_creation_input_tokens: before.cache_creation_input_tokens + usage.cache_creation_input_tokens,
    cache_read_input_tokens: before.cache_read_input_tokens + usage.cache_read_input_tokens,
    list_cost_micros: before.list_cost_micros === null || costMicros === null ? null : before.list_cost_micros + costMicros,
  };
  sql.exec("UPDATE dream SET usage_by_phase = ?", JSON.stringify(byPhase));
}

/** Every model call of the dream so far, summed. */
export function dreamUsage(row: DreamRow): DreamUsage {
  const byPhase = JSON.parse(row.usage_by_phase) as Record<string, PhaseUsage>;
  return Object.values(byPhase).reduce<DreamUsage>((sum, phase) => addCallUsage(sum, phase), NO_CALL_USAGE);
}

export function renderDream(row: DreamRow): Dream {
  const request = dreamRequest(row);
  const byPhase = JSON.parse(row.usage_by_phase) as Record<string, PhaseUsage>;
  return {
    id: row.id,
    type: "dream",
    status: row.status,
    inputs: request.inputs,
    model: request.model,
    instructions: request.instructions,
    output_behavior: request.output_behavior,
    outputs: JSON.parse(row.outputs) as Dream["outputs"],
    session_id: dreamSessionId(row.id),
    usage: dreamUsage(row),
    error: row.error ? (JSON.parse(row.error) as Dream["error"]) : null,
    created_at: row.created_at,
    ended_at: row.ended_at,
    archived_at: row.archived_at,
    agent_id: row.agent_id,
    mode: row.mode,
    token_budget: request.token_budget,
    phase: row.phase,
    progress: JSON.parse(row.progress) as Record<string, number>,
    usage_by_phase: byPhase,
    changeset: dreamChangeset(row),
    review: dreamReview(row),
  };
}
