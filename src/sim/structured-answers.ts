// The simulator's answers to Lucid's structured model calls (dream phases, session reflection, outcome grading), derived only from the JSON blocks in the prompt.
import { answerProposeOperations } from "./structured-curation-answer";
import { answerGradeOutcome } from "./structured-grade-answer";
import { answerRecordLessons } from "./structured-reflection-answer";
import { answerRecordObservations } from "./structured-review-answer";
import { answerRecordInsights } from "./structured-synthesis-answer";

/** By forced tool name; the names are those src/dreaming, src/agent/session-reflection.ts and src/outcomes declare. */
const ANSWERS: Record<string, (promptText: string) => Record<string, unknown> | undefined> = {
  record_observations: answerRecordObservations,
  record_insights: answerRecordInsights,
  propose_operations: answerProposeOperations,
  record_lessons: answerRecordLessons,
  grade_outcome: answerGradeOutcome,
};

/** The input for a forced call of one of these tools, or undefined (another tool, or no well-formed block to answer from). */
export function structuredToolInput(toolName: string, promptText: string): Record<string, unknown> | undefined {
  return Object.hasOwn(ANSWERS, toolName) ? ANSWERS[toolName]?.(promptText) : undefined;
}
