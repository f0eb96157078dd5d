// Outcome rows of an AgentObject: one per `user.define_outcome`, moving from running through evaluating to a terminal result.
import type { CallUsage } from "../model/pricing";
import type { OutcomeEvaluation, OutcomeResult, TextRubric } from "../schemas/outcome";

export type OutcomeRow = {
  id: string;
  session_id: string;
  description: string;
  /** The rubric as JSON (`{type: "text", content}`). */
  rubric: string;
  max_iterations: number;
  iteration: number;
  result: OutcomeResult;
  explanation: string | null;
  completed_at: string | null;
  created_at: string;
  invalid_verdicts: number;
  /** Grader usage of the current evaluation so far (JSON CallUsage), null before its first grader call. */
  cycle_usage: string | null;
};

export function insertOutcome(
  sql: SqlStorage,
  outcome: { id: string; sessionId: string; description: string; rubric: TextRubric; maxIterations: number; at: string },
): void {
  sql.exec(
    `INSERT INTO outcomes (id, session_id, description, rubric, max_iterations, result, created_at) VALUES (?, ?, ?, ?, ?, 'running', ?)`,
    outcome.id,
    outcome.sessionId,
    outcome.description,
    JSON.stringify(outcome.rubric),
    outcome.maxIterations,
    outcome.at,
  );
}

/** The outcome the session is working toward or being graded on, if any (at most one is open at a time). */
export function openOutcome(sql: SqlStorage, sessionId: string): OutcomeRow | null {
  return (
    sql
      .exec<OutcomeRow>(
        `SELECT * FROM outcomes WHERE session_id = ? AND result IN ('running', 'evaluating') ORDER BY created_at DESC, rowid DESC LIMIT 1`,
        sessionId,
      )
      .toArray()[0] ?? null
  );
}

export function sessionOutcomes(sql: SqlStorage, sessionId: string): OutcomeRow[] {
  return sql.exec<OutcomeRow>("SELECT * FROM outcomes WHERE session_id = ? ORDER BY created_at, rowid", sessionId).toArray();
}

export function setOutcomeState(
  sql: SqlStorage,
  outcomeId: string,
  state: {
    result: OutcomeResult;
    iteration?: number;
    explanation?: string | null;
    completedAt?: string | null;
    invalidVerdicts?: number;
    cycleUsage?: CallUsage | null;
  },
): void {
  sql.exec(
    `UPDATE outcomes SET result = ?, iteration = COALESCE(?, iteration), explanation = CASE WHEN ? THEN ? ELSE explanation END,
       completed_at = CASE WHEN ? THEN ? ELSE completed_at END, invalid_verdicts = COALESCE(?, invalid_verdicts),
       cycle_usage = CASE WHEN ? THEN ? ELSE cycle_usage END WHERE id = ?`,
    state.result,
    state.iteration ?? null,
    state.explanation !== undefined ? 1 : 0,
    state.explanation ?? null,
    state.completedAt !== undefined ? 1 : 0,
    state.completedAt ?? null,
    state.invalidVerdicts ?? null,
    state.cycleUsage !== undefined ? 1 : 0,
    state.cycleUsage ? JSON.stringify(state.cycleUsage) : null,
    outcomeId,
  );
}

export function renderOutcome(row: OutcomeRow): OutcomeEvaluation {
  return {
    type: "outcome_evaluation",
    outcome_id: row.id,
    description: row.description,
    result: row.result,
    iteration: row.iteration,
    explanation: row.explanation,
    completed_at: row.completed_at,
  };
}

export const rubricOf = (row: OutcomeRow) => JSON.parse(row.rubric) as TextRubric;
