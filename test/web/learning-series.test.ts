// The learning chart's series: which sessions count as completed, the rolling rate, costs, and where dreams applied.
import { describe, expect, it } from "vitest";
import { learningSeries, sessionCompleted, sessionCostUsd, type LearningDream, type LearningSession } from "../../web/src/components/learning-series";

const AGENT = "agent_a";

function session(id: string, minute: number, fields: Partial<LearningSession> = {}): LearningSession {
  return {
    id,
    created_at: new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString(),
    status: "idle",
    outcome_evaluations: [],
    usage: { list_cost: { amount: "0.010000", currency: "USD" } },
    stop_reason: { type: "end_turn" },
    ...fields,
  };
}

function dream(id: string, endedMinute: number | null, fields: Partial<LearningDream> = {}): LearningDream {
  const ended_at = endedMinute === null ? null : new Date(Date.UTC(2026, 0, 1, 12, endedMinute)).toISOString();
  return { id, agent_id: AGENT, status: "completed", ended_at, ...fields };
}

describe("sessionCompleted", () => {
  it("counts a session that ended its turn without an outcome", () => {
    expect(sessionCompleted(session("s", 0))).toBe(true);
  });

  it("does not count a session waiting on a tool result or out of retries", () => {
    expect(sessionCompleted(session("s", 0, { stop_reason: { type: "requires_action", event_ids: ["e"] } }))).toBe(false);
    expect(sessionCompleted(session("s", 0, { stop_reason: { type: "retries_exhausted" } }))).toBe(false);
    expect(sessionCompleted(session("s", 0, { status: "terminated", stop_reason: null }))).toBe(false);
  });

  it("judges a session with an outcome by its last evaluation, whatever its stop reason", () => {
    const satisfied = session("s", 0, { outcome_evaluations: [{ result: "failed" }, { result: "satisfied" }] });
    const exhausted = session("s", 0, { outcome_evaluations: [{ result: "satisfied" }, { result: "max_iterations_reached" }] });
    expect(sessionCompleted(satisfied)).toBe(true);
    expect(sessionCompleted(exhausted)).toBe(false);
  });
});

describe("sessionCostUsd", () => {
  it("reads the list cost, and null when prices are unknown", () => {
    expect(sessionCostUsd(session("s", 0, { usage: { list_cost: { amount: "0.125", currency: "USD" } } }))).toBe(0.125);
    expect(sessionCostUsd(session("s", 0, { usage: { list_cost: null } }))).toBeNull();
    expect(sessionCostUsd(session("s", 0, { usage: {} }))).toBeNull();
  });
});

describe("learningSeries", () => {
  it("orders finished sessions by creation and rolls the completion rate over the window", () => {
    const failed = { stop_reason: { type: "retries_exhausted" as const } };
    const sessions = [
      session("s3", 3),
      session("s1", 1, failed),
      session("running", 5, { status: "running", stop_reason: null }),
      session("s2", 2, failed),
      session("s4", 4),
    ];
    const { points } = learningSeries(sessions, [], AGENT, 2);
    expect(points.map((point) => point.sessionId)).toEqual(["s1", "s2", "s3", "s4"]);
    expect(points.map((point) => point.completed)).toEqual([false, false, true, true]);
    expect(points.map((point) => point.completionRate)).toEqual([0, 0, 0.5, 1]);
  });

  it("starts the rolling rate with the sessions there are", () => {
    const { points } = learningSeries([session("s1", 1), session("s2", 2, { stop_reason: { type: "retries_exhausted" } })], [], AGENT, 5);
    expect(points.map((point) => point.completionRate)).toEqual([1, 0.5]);
  });

  it("places a marker for each completed dream of the agent between the sessions before and after it", () => {
    const sessions = [session("s1", 10), session("s2", 20), session("s3", 30)];
    const dreams = [
      dream("late", 40),
      dream("middle", 25),
      dream("early", 5),
      dream("other-agent", 15, { agent_id: "agent_b" }),
      dream("rejected", 15, { status: "canceled" }),
      dream("running", null, { status: "running" }),
    ];
    const { markers } = learningSeries(sessions, dreams, AGENT);
    expect(markers).toEqual([
      { dreamId: "early", appliedAt: dreams[2]!.ended_at, position: -0.5 },
      { dreamId: "middle", appliedAt: dreams[1]!.ended_at, position: 1.5 },
      { dreamId: "late", appliedAt: dreams[0]!.ended_at, position: 2.5 },
    ]);
  });

  it("gives no points and no markers for an agent without sessions or dreams", () => {
    expect(learningSeries([], [], AGENT)).toEqual({ points: [], markers: [], window: 5 });
  });
});
