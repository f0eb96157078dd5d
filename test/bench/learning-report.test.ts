import { describe, expect, it } from "vitest";
import type { ArmRun, SessionRecord } from "../../bench/learning/arm-run";
import { armsFor } from "../../bench/learning/arms";
import { summariseArm } from "../../bench/learning/learning-report";
import { LEARNING_MARKERS, verdict } from "../../bench/learning/report-markdown";
import { withSection } from "../../bench/shared/markdown-section";
import { learningCurveSvg } from "../../bench/learning/report-svg";

const [noMemory, , dreaming] = armsFor(5);

/** `pattern`: one letter per session, Y completed, n not; sessions from `driftAt` on are drifted and, if odd, reached by the drift. */
function runOf(arm: typeof noMemory, pattern: string, driftAt: number, dreamTokens: number[] = []): ArmRun {
  const sessions: SessionRecord[] = [...pattern].map((letter, index) => ({
    session_id: `sesn_${index}`,
    index,
    family: "f",
    completed: letter === "Y",
    steps: letter === "Y" ? 1 : 4,
    tokens: 100,
    drifted: index >= driftAt,
    affected_by_drift: index >= driftAt && index % 2 === 1,
    memory: { memories: index, bytes: index * 10 },
  }));
  const dreams = dreamTokens.map((tokens, index) => ({
    after_session: index,
    dream_id: `drm_${index}`,
    status: "completed",
    held_for_review: index === 0,
    operations: 1,
    tokens,
    input_tokens: tokens,
  }));
  return { arm: arm!, agent_id: "agent_1", sessions, dreams };
}

describe("the learning report", () => {
  it("computes blocks, the late/first ratio, cost per completed task and recovery after the drift", () => {
    const summary = summariseArm(runOf(dreaming, "nYnYnnYYYY", 6, [30, 12]), 5);
    expect(summary.blocks).toEqual([0.4, 0.8]);
    expect(summary.late_to_first_ratio).toBe(2);
    expect(summary.steps_per_completed).toBe(1);
    expect(summary.tokens_per_completed).toBe(Math.round(1000 / 6));
    // Reached by the drift: sessions 7 and 9; session 7 completed.
    expect(summary.sessions_to_recover_after_drift).toBe(1);
    expect(summary).toMatchObject({ dreams: 2, dreams_held_for_review: 1, dream_operations: 2, dream_tokens: 42 });
    expect(summary.memory.at(-1)).toEqual({ after_session: 9, memories: 9, bytes: 90 });
  });

  it("says when an arm never recovered or never completed in its first block", () => {
    const summary = summariseArm(runOf(noMemory, "nnnnnYnnnn", 6), 5);
    expect(summary.late_to_first_ratio).toBeNull();
    expect(summary.sessions_to_recover_after_drift).toBeNull();
  });

  it("states the verdict from the figures, including a dreaming arm that only ties", () => {
    const base = summariseArm(runOf(noMemory, "YYYYYYYYYY", 6), 5);
    const dream = summariseArm(runOf(dreaming, "YYYYYYYYYY", 6, [10]), 5);
    expect(verdict([base, dream])).toMatch(/Overall, dreaming \(auto\) ties with the best of \(a\) no memory \(100% vs 100%\)/);
    const worse = summariseArm(runOf(dreaming, "YYYYYnnnnn", 6), 5);
    expect(verdict([base, worse])).toMatch(/trails/);
  });

  it("replaces its own section of BENCHMARKS.md and keeps the rest", () => {
    const document = `# Benchmarks\n\nintro\n\n${LEARNING_MARKERS.start}\nold figures\n${LEARNING_MARKERS.end}\n\n## Platform\nkept\n`;
    const updated = withSection(document, LEARNING_MARKERS, `${LEARNING_MARKERS.start}\nnew figures\n${LEARNING_MARKERS.end}`);
    expect(updated).toContain("new figures");
    expect(updated).not.toContain("old figures");
    expect(updated).toContain("## Platform\nkept");
    expect(withSection(null, LEARNING_MARKERS, "SECTION")).toMatch(/^# Benchmarks[\s\S]*SECTION\n$/);
  });

  it("draws one curve per arm with the drift marked", () => {
    const summaries = [summariseArm(runOf(noMemory, "nYnYYnnYYY", 6), 5), summariseArm(runOf(dreaming, "YYYYYYYYYY", 6), 5)];
    const svg = learningCurveSvg(summaries, 5, 1, "t");
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain(">drift<");
  });
});
