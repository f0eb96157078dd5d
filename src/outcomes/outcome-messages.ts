// What the agent reads of an outcome: the goal and rubric when it is defined, and the grader's feedback after an
// evaluation that sends it back; both are rendered from the recorded events, never stored as extra user messages.
import type { SessionEventOf } from "../schemas/recorded-events";

export function outcomeDefinitionText(description: string, rubric: string): string {
  return `Outcome to achieve:\n${description}\n\nYour output will be graded against this rubric:\n${rubric}\n\nWhen the work is done, end your turn with the complete output.`;
}

/**
 * The unmet criteria come first, each with the grader's words, so the agent (and a reader) sees at once what to
 * change; after the last evaluation the agent is asked only to acknowledge where the work stands.
 */
export function graderFeedbackText(event: SessionEventOf<"span.outcome_evaluation_end">, maxIterations: number): string | null {
  if (event.result !== "needs_revision" && event.result !== "max_iterations_reached") return null;
  const unmet = event.criteria.filter((criterion) => !criterion.met).map((criterion) => `- ${criterion.criterion}: ${criterion.feedback}`);
  const evaluation = `evaluation ${event.iteration + 1} of ${maxIterations}`;
  const points = unmet.length ? unmet.join("\n") : `- ${event.explanation}`;
  if (event.result === "max_iterations_reached") {
    return `Not met yet, and no evaluations are left (${evaluation}):\n${points}\n\nReply with a short acknowledgment of where the work stands; it will not be graded again.`;
  }
  return `Not met yet (${evaluation}):\n${points}\n\nRevise your work to meet every criterion, then end your turn with the complete revised output.`;
}
