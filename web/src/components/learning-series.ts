// The learning chart's data: an agent's finished sessions in order, their rolling completion rate and cost, and where dreams applied.
import type { Dream } from "../../../src/schemas/dream-resource";
import type { OutcomeEvaluation } from "../../../src/schemas/outcome";
import type { Session, SessionUsage } from "../../../src/schemas/session";

/** What the chart reads of a session; `stop_reason` is Lucid's extension, absent from the SDK's typing of a session. */
export type LearningSession = Pick<Session, "id" | "created_at" | "status"> & {
  outcome_evaluations: ReadonlyArray<Pick<OutcomeEvaluation, "result">>;
  usage: { list_cost?: SessionUsage["list_cost"] };
  stop_reason?: Session["stop_reason"];
};

export type LearningDream = Pick<Dream, "id" | "agent_id" | "status" | "ended_at">;

export type LearningPoint = {
  sessionId: string;
  createdAt: string;
  completed: boolean;
  /** Share of completed sessions among this one and up to `window - 1` before it, from 0 to 1. */
  completionRate: number;
  /** The session's list cost in USD; null when the model's prices are unknown. */
  costUsd: number | null;
};

export type DreamMarker = {
  dreamId: string;
  appliedAt: string;
  /** Where the marker sits on the session axis: 1.5 is between the second and third sessions, -0.5 before the first. */
  position: number;
};

export type LearningSeries = { points: LearningPoint[]; markers: DreamMarker[]; window: number };

export const DEFAULT_COMPLETION_WINDOW = 5;

/** A session finished its task when its last outcome evaluation was satisfied, or, with no outcome, ended its turn. */
export function sessionCompleted(session: LearningSession): boolean {
  const last = session.outcome_evaluations[session.outcome_evaluations.length - 1];
  if (last) return last.result === "satisfied";
  return session.status === "idle" && session.stop_reason?.type === "end_turn";
}

export function sessionCostUsd(session: LearningSession): number | null {
  const amount = session.usage.list_cost?.amount;
  if (amount === undefined) return null;
  const cost = Number(amount);
  return Number.isFinite(cost) ? cost : null;
}

/** Running sessions have no result yet, so only idle and terminated ones are charted. */
function finished(session: LearningSession): boolean {
  return session.status === "idle" || session.status === "terminated";
}

export function learningSeries(
  sessions: readonly LearningSession[],
  dreams: readonly LearningDream[],
  agentId: string,
  window: number = DEFAULT_COMPLETION_WINDOW,
): LearningSeries {
  const ordered = sessions.filter(finished).sort((a, b) => compareTimes(a.created_at, b.created_at));
  const completed = ordered.map(sessionCompleted);
  const points = ordered.map((session, index): LearningPoint => {
    const recent = completed.slice(Math.max(0, index - window + 1), index + 1);
    return {
      sessionId: session.id,
      createdAt: session.created_at,
      completed: completed[index]!,
      completionRate: recent.filter(Boolean).length / recent.length,
      costUsd: sessionCostUsd(session),
    };
  });
  const markers = dreams
    .filter((dream) => dream.agent_id === agentId && dream.status === "completed" && dream.ended_at !== null)
    .map((dream): DreamMarker => {
      const appliedAt = dream.ended_at!;
      // A dream applies to the sessions that start after it ended: the marker goes just before the first of them.
      const sessionsBefore = ordered.filter((session) => compareTimes(session.created_at, appliedAt) <= 0).length;
      return { dreamId: dream.id, appliedAt, position: sessionsBefore - 0.5 };
    })
    .sort((a, b) => compareTimes(a.appliedAt, b.appliedAt));
  return { points, markers, window };
}

function compareTimes(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}
