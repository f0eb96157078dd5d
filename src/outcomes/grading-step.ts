// The grader's step of a session: one grader call for the outcome under evaluation, its verdict recorded once, and
// the session sent back for another pass, on to a last acknowledgment, or to idle.
import { createModelReply } from "../model/model-client";
import { InvalidModelOutputError } from "../model/structured-output";
import { retryDelayMs } from "../model/backoff";
import { addCallUsage, NO_CALL_USAGE } from "../model/call-usage";
import { classifyModelError, type ModelFailure } from "../model/model-error";
import { type CallUsage, estimateCostMicros } from "../model/pricing";
import type { EvaluationVerdict, GraderVerdict } from "../schemas/outcome";
import type { SessionEventOf } from "../schemas/recorded-events";
import { markIdle, markRescheduled, markRunning } from "../agent/session-status";
import { addGraderUsage, findSession, type SessionRow } from "../agent/session-store";
import { readTranscript, type StepHost, stillWanted, usageOf } from "../agent/step-host";
import { gradingBrief, graderRequest, graderUserId, readVerdict } from "./grader-request";
import { openEvaluationStart } from "./outcome-flow";
import { type OutcomeRow, setOutcomeState } from "./outcome-store";

interface Evaluation {
  result: EvaluationVerdict;
  explanation: string;
  criteria: GraderVerdict["criteria"];
}

const cycleUsageOf = (outcome: OutcomeRow): CallUsage => (outcome.cycle_usage ? (JSON.parse(outcome.cycle_usage) as CallUsage) : NO_CALL_USAGE);

/**
 * Grades the agent's latest pass. Safe to run again after a crash: nothing is recorded until the verdict is, and a
 * verdict recorded ends the evaluation, so a repeated alarm finds no evaluation open and does nothing.
 */
export async function runGradingStep(host: StepHost, row: SessionRow, outcome: OutcomeRow, signal: AbortSignal): Promise<void> {
  const events = readTranscript(host, row.id);
  const start = openEvaluationStart(events, outcome.id);
  if (!start) return;
  host.record(row.id, (append) => {
    if (row.status === "rescheduling") markRunning(host.sql, append, row.id);
    append("span.outcome_evaluation_ongoing", { outcome_id: outcome.id, iteration: outcome.iteration });
  });
  const agent = host.agentAt(row.agent_version);
  const brief = gradingBrief(outcome, events);
  let reply;
  try {
    reply = await createModelReply(host.modelClient(), graderRequest(agent.model.id, brief, graderUserId(agent.id, row.id)), signal);
  } catch (error) {
    const failure = classifyModelError(error);
    if (failure.kind === "aborted" || !stillWanted(host, row)) return;
    return graderUnreachable(host, row, outcome, start, failure);
  }
  if (!stillWanted(host, row)) return;
  const usage = usageOf(reply);
  const cost = estimateCostMicros(agent.model.id, usage);
  const cycleUsage = addCallUsage(cycleUsageOf(outcome), usage);
  let verdict: GraderVerdict;
  try {
    verdict = readVerdict(reply, brief);
  } catch (error) {
    if (!(error instanceof InvalidModelOutputError)) throw error;
    if (outcome.invalid_verdicts === 0) {
      // One more try, in a fresh call; the unusable answer still cost what it cost.
      host.record(row.id, () => {
        addGraderUsage(host.sql, row.id, usage, cost);
        setOutcomeState(host.sql, outcome.id, { result: "evaluating", invalidVerdicts: 1, cycleUsage });
      });
      await host.scheduleStep(row.id, Date.now());
      return;
    }
    const failed = { result: "failed" as const, explanation: `The grader's verdict was unusable twice: ${error.reason}`, criteria: [] };
    return recordEvaluation(host, row, outcome, start, failed, { usage, cost, cycleUsage });
  }
  // A revision beyond the cap is not asked for: the agent gets one last turn to acknowledge where the work stands.
  const capped = verdict.result === "needs_revision" && outcome.iteration + 1 >= outcome.max_iterations;
  const evaluation = { result: capped ? ("max_iterations_reached" as const) : verdict.result, explanation: verdict.explanation, criteria: verdict.criteria };
  return recordEvaluation(host, row, outcome, start, evaluation, { usage, cost, cycleUsage });
}

async function recordEvaluation(
  host: StepHost,
  row: SessionRow,
  outcome: OutcomeRow,
  start: SessionEventOf<"span.outcome_evaluation_start">,
  evaluation: Evaluation,
  spent: { usage: CallUsage; cost: number | null; cycleUsage: CallUsage },
): Promise<void> {
  const sessionId = row.id;
  host.record(sessionId, (append) => {
    host.sql.exec("UPDATE sessions SET retry_attempt = 0 WHERE id = ?", sessionId);
    addGraderUsage(host.sql, sessionId, spent.usage, spent.cost);
    append("span.outcome_evaluation_end", {
      outcome_evaluation_start_id: start.id,
      outcome_id: outcome.id,
      iteration: outcome.iteration,
      result: evaluation.result,
      explanation: evaluation.explanation,
      usage: { ...spent.cycleUsage },
      // Lucid extension: the verdict per criterion, which the feedback to the agent is written from.
      criteria: evaluation.criteria,
    });
    if (evaluation.result === "needs_revision") {
      setOutcomeState(host.sql, outcome.id, { result: "running", iteration: outcome.iteration + 1, explanation: evaluation.explanation });
      return;
    }
    setOutcomeState(host.sql, outcome.id, { result: evaluation.result, explanation: evaluation.explanation, completedAt: new Date().toISOString() });
    // After the last evaluation the agent still acknowledges the feedback, so the session keeps running for that turn.
    if (evaluation.result === "max_iterations_reached") return;
    if (host.deliverInbox(sessionId, append) === 0) markIdle(host.sql, append, sessionId, { type: "end_turn" });
  });
  const status = findSession(host.sql, sessionId)?.status;
  if (status === "running") await host.scheduleStep(sessionId, Date.now());
  else if (status === "idle") await host.turnEnded(sessionId);
}

/** The grader call failed: retried with backoff like any model call; once retries are spent, the evaluation fails. */
async function graderUnreachable(
  host: StepHost,
  row: SessionRow,
  outcome: OutcomeRow,
  start: SessionEventOf<"span.outcome_evaluation_start">,
  failure: Exclude<ModelFailure, { kind: "aborted" }>,
): Promise<void> {
  const attempt = (findSession(host.sql, row.id)?.retry_attempt ?? 0) + 1;
  if (failure.kind === "retryable" && attempt < host.retryPolicy.maxAttempts) {
    host.record(row.id, (append) => {
      append("session.error", { error: { type: failure.type, message: `Grader call failed: ${failure.message}`, retry_status: { type: "retrying" } } });
      markRescheduled(host.sql, append, row.id);
      host.sql.exec("UPDATE sessions SET retry_attempt = ? WHERE id = ?", attempt, row.id);
    });
    await host.scheduleStep(row.id, Date.now() + retryDelayMs(host.retryPolicy, attempt, failure.retryAfterMs));
    return;
  }
  const failed = { result: "failed" as const, explanation: `The grader could not evaluate the output: ${failure.message}`, criteria: [] };
  return recordEvaluation(host, row, outcome, start, failed, { usage: NO_CALL_USAGE, cost: 0, cycleUsage: cycleUsageOf(outcome) });
}
