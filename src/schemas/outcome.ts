// Outcomes as the Managed Agents API types them: the `user.define_outcome` event, the session's `outcome_evaluations`,
// and the grader's verdict, which a forced tool call returns and these schemas validate.
import { z } from "zod";
import { FreeText, refusedVariant } from "./common";

export const DEFAULT_MAX_ITERATIONS = 3;
/** The SDK documents at most 20 evaluate-then-revise cycles. */
export const MAX_ITERATIONS_LIMIT = 20;

/** An outcome's description or rubric text: what the grader reads. */
const OutcomeText = FreeText.trim().min(1).max(20_000);

export const TextRubric = z.strictObject({ type: z.literal("text"), content: OutcomeText });
export type TextRubric = z.infer<typeof TextRubric>;

export const DefineOutcomeParam = z.strictObject({
  type: z.literal("user.define_outcome"),
  description: OutcomeText,
  rubric: z.union([TextRubric, refusedVariant("file", "file rubrics are not supported by Lucid yet (Lucid has no Files API); send the rubric as text")]),
  max_iterations: z.number().int().min(1).max(MAX_ITERATIONS_LIMIT).nullish(),
});
export type DefineOutcomeParam = z.infer<typeof DefineOutcomeParam>;

/** Lucid extension: an outcome an agent carries for every session, defined when a session's first message arrives. */
export const DefaultOutcomeParam = DefineOutcomeParam.omit({ type: true });
export const DefaultOutcome = z.object({ description: OutcomeText, rubric: TextRubric, max_iterations: z.number().int().min(1).max(MAX_ITERATIONS_LIMIT) });
export type DefaultOutcome = z.infer<typeof DefaultOutcome>;

/**
 * Where an outcome stands. `running` while the agent works or revises, `evaluating` while the grader scores;
 * the rest are terminal.
 */
export const OutcomeResult = z.enum(["pending", "running", "evaluating", "satisfied", "max_iterations_reached", "failed", "interrupted"]);
export type OutcomeResult = z.infer<typeof OutcomeResult>;

export const OutcomeEvaluation = z.object({
  type: z.literal("outcome_evaluation"),
  outcome_id: z.string(),
  description: z.string(),
  result: OutcomeResult,
  iteration: z.number().int(),
  explanation: z.string().nullable(),
  completed_at: z.string().nullable(),
});
export type OutcomeEvaluation = z.infer<typeof OutcomeEvaluation>;

/** What an evaluation ended with, as `span.outcome_evaluation_end.result` carries it. */
export const EvaluationVerdict = z.enum(["satisfied", "needs_revision", "max_iterations_reached", "failed", "interrupted"]);
export type EvaluationVerdict = z.infer<typeof EvaluationVerdict>;

/** The grader's answer: one result per criterion, in the order given, and the overall result they imply. */
export const GraderVerdict = z
  .strictObject({
    criteria: z
      .array(
        z.strictObject({
          criterion: z.string().min(1).describe("The criterion, as given."),
          met: z.boolean(),
          feedback: z.string().min(1).max(2_000).describe("Why it is met, or exactly what must change for it to be met."),
        }),
      )
      .min(1),
    result: z
      .enum(["satisfied", "needs_revision", "failed"])
      .describe("satisfied: every criterion met. needs_revision: some criterion unmet and revisable. failed: the rubric does not apply to this output."),
    explanation: z.string().min(1).max(4_000).describe("One paragraph a person reads: the verdict and why."),
  })
  .refine((verdict) => verdict.result !== "satisfied" || verdict.criteria.every((criterion) => criterion.met), {
    message: "result is satisfied but some criterion is not met",
    path: ["result"],
  })
  .refine((verdict) => verdict.result !== "needs_revision" || verdict.criteria.some((criterion) => !criterion.met), {
    message: "result is needs_revision but every criterion is met",
    path: ["result"],
  });
export type GraderVerdict = z.infer<typeof GraderVerdict>;

/** What the grader is shown, as one JSON block of its prompt (and what the simulator grades from). */
export const GradingBrief = z.object({
  task: z.string(),
  description: z.string(),
  criteria: z.array(z.string()).min(1),
  output: z.string(),
});
export type GradingBrief = z.infer<typeof GradingBrief>;
