// The outcome loop's transitions inside a session's transactions: define an outcome, start grading when the agent
// ends its turn, and close an evaluation on interrupt. The grading itself is a step of its own (grading-step.ts).
import { invalidRequest } from "../platform/errors";
import { newOutcomeId } from "../ids";
import { NO_CALL_USAGE } from "../model/call-usage";
import type { CallUsage } from "../model/pricing";
import { DEFAULT_MAX_ITERATIONS, type DefaultOutcome, type DefineOutcomeParam } from "../schemas/outcome";
import type { SessionEvent, SessionEventOf } from "../schemas/recorded-events";
import type { Append } from "../agent/session-status";
import { insertOutcome, openOutcome, sessionOutcomes, setOutcomeState } from "./outcome-store";

/**
 * Records the outcome and its `user.define_outcome` echo (with the new `outc_` id); the caller sets the session
 * running, since the agent begins work on receipt. A session works toward one outcome at a time: a new one
 * closes the open one as `interrupted`.
 */
export function acceptOutcome(sql: SqlStorage, append: Append, sessionId: string, param: DefineOutcomeParam): SessionEventOf<"user.define_outcome"> {
  const open = openOutcome(sql, sessionId);
  const at = new Date().toISOString();
  if (open) setOutcomeState(sql, open.id, { result: "interrupted", explanation: "Replaced by a newer outcome.", completedAt: at });
  const outcomeId = newOutcomeId();
  const maxIterations = param.max_iterations ?? DEFAULT_MAX_ITERATIONS;
  insertOutcome(sql, { id: outcomeId, sessionId, description: param.description, rubric: param.rubric, maxIterations, at });
  return append("user.define_outcome", { outcome_id: outcomeId, description: param.description, rubric: param.rubric, max_iterations: maxIterations });
}

/** The agent's default outcome (Lucid extension) joins a session's work when it starts, unless the session has one. */
export function applyDefaultOutcome(sql: SqlStorage, append: Append, sessionId: string, outcome: DefaultOutcome | null): void {
  if (!outcome || sessionOutcomes(sql, sessionId).length > 0) return;
  acceptOutcome(sql, append, sessionId, { type: "user.define_outcome", ...outcome });
}

/** Refuses an outcome the session cannot start on now, before anything is written. */
export function requireOutcomeAcceptable(sessionId: string, status: string): void {
  if (status === "running" || status === "rescheduling") {
    throw invalidRequest(`Session '${sessionId}' is ${status}; send user.define_outcome while it is idle, or send a user.interrupt first.`);
  }
}

/**
 * The agent ended its turn: if it is working toward an outcome, grading starts and the session stays running
 * (the next step is the grader's). Returns whether it did.
 */
export function beginEvaluation(sql: SqlStorage, append: Append, sessionId: string): boolean {
  const outcome = openOutcome(sql, sessionId);
  if (outcome?.result !== "running") return false;
  append("span.outcome_evaluation_start", { outcome_id: outcome.id, iteration: outcome.iteration });
  setOutcomeState(sql, outcome.id, { result: "evaluating", invalidVerdicts: 0, cycleUsage: null });
  return true;
}

/** An interrupt during grading ends the evaluation as `interrupted`; no further evaluation follows. */
export function interruptEvaluation(sql: SqlStorage, append: Append, sessionId: string, startId: string | null): void {
  const outcome = openOutcome(sql, sessionId);
  if (outcome?.result !== "evaluating" || !startId) return;
  const explanation = "The user interrupted the session while the grader was evaluating.";
  append("span.outcome_evaluation_end", {
    outcome_evaluation_start_id: startId,
    outcome_id: outcome.id,
    iteration: outcome.iteration,
    result: "interrupted",
    explanation,
    usage: outcome.cycle_usage ? (JSON.parse(outcome.cycle_usage) as CallUsage) : NO_CALL_USAGE,
    criteria: [],
  });
  setOutcomeState(sql, outcome.id, { result: "interrupted", explanation, completedAt: new Date().toISOString() });
}

/** The `span.outcome_evaluation_start` of the evaluation in progress, found in the session's events. */
export function openEvaluationStart(events: readonly SessionEvent[], outcomeId: string): SessionEventOf<"span.outcome_evaluation_start"> | null {
  const last = events
    .filter((event) => event.type === "span.outcome_evaluation_start" || event.type === "span.outcome_evaluation_end")
    .findLast((event) => event.outcome_id === outcomeId);
  return last?.type === "span.outcome_evaluation_start" ? last : null;
}
