// The grader's model call: a fresh context holding the task, the outcome, the rubric's criteria and the agent's final
// output, and nothing else (never the agent's reasoning or tool traffic); it answers through a forced tool call.
import type Anthropic from "@anthropic-ai/sdk";
import { contentText } from "../transcript/event-fields";
import { forcedTool, InvalidModelOutputError, type ModelReply, readForcedToolInput } from "../model/structured-output";
import { jsonBlock } from "../schemas/prompt-blocks";
import { type GraderVerdict, GraderVerdict as GraderVerdictSchema, type GradingBrief } from "../schemas/outcome";
import { eventTypes, isEventOf, type SessionEvent } from "../schemas/recorded-events";
import type { OutcomeRow } from "./outcome-store";
import { rubricOf } from "./outcome-store";
import { rubricCriteria } from "./rubric-criteria";

export const GRADE_TOOL = "grade_outcome";
const GRADER_MAX_TOKENS = 4_096;
const TASK_LIMIT = 8_000;
const OUTPUT_LIMIT = 60_000;

const GRADER_SYSTEM = `You are a grader. You judge finished work against a rubric, in a fresh context: you see the task, what success means, the rubric's criteria and the agent's final output, and nothing else.
Judge only what the output shows. For each criterion, in the order given, say whether it is met and give feedback: why it is met, or exactly what must change. The overall result is satisfied only when every criterion is met; needs_revision when some criterion is unmet and the work can be revised; failed only when the rubric cannot apply to this kind of output at all.`;

/** The user's requests in the session, text only: what the agent was asked to do. */
function taskText(events: readonly SessionEvent[]): string {
  return events
    .filter((event) => event.type === "user.message")
    .map((event) => contentText(event.content))
    .join("\n\n")
    .slice(0, TASK_LIMIT);
}

const TOOL_TRAFFIC = eventTypes("agent.tool_use", "agent.tool_result", "agent.custom_tool_use", "user.custom_tool_result");

/**
 * The output this evaluation judges: the agent's messages of its latest pass (since the outcome was defined or last
 * graded) after its last tool call, so working notes written between tool calls are not taken for the output.
 */
export function passOutput(events: readonly SessionEvent[], outcomeId: string): string {
  const passStart = events.findLastIndex(
    (event) => (event.type === "user.define_outcome" || event.type === "span.outcome_evaluation_end") && event.outcome_id === outcomeId,
  );
  const pass = events.slice(passStart + 1);
  const lastTool = pass.findLastIndex((event) => isEventOf(event, TOOL_TRAFFIC));
  return pass
    .slice(lastTool + 1)
    .filter((event) => event.type === "agent.message")
    .map((event) => contentText(event.content))
    .join("\n\n")
    .slice(-OUTPUT_LIMIT);
}

/**
 * The grader's `metadata.user_id`: its agent, then its own segment, so the simulator scripts and logs the grader of a
 * session apart from the agent's calls (`<session_id>.grader`).
 */
export const graderUserId = (agentId: string, sessionId: string) => `${agentId}/${sessionId}.grader`;

export function gradingBrief(outcome: OutcomeRow, events: readonly SessionEvent[]): GradingBrief {
  return {
    task: taskText(events),
    description: outcome.description,
    criteria: rubricCriteria(rubricOf(outcome).content),
    output: passOutput(events, outcome.id),
  };
}

export function graderRequest(model: string, brief: GradingBrief, userId: string): Anthropic.MessageCreateParamsNonStreaming {
  const prompt = `Grade the agent's output against each criterion below, in order.\n\n${jsonBlock("grading", brief)}\n\nCall ${GRADE_TOOL} once with one entry per criterion.`;
  return {
    model,
    max_tokens: GRADER_MAX_TOKENS,
    system: GRADER_SYSTEM,
    messages: [{ role: "user", content: prompt }],
    metadata: { user_id: userId },
    ...forcedTool(GRADE_TOOL, "Record the verdict on the agent's output: one result per criterion and the overall result.", GraderVerdictSchema),
  };
}

/** The verdict, validated and checked to answer exactly the criteria asked, in order; InvalidModelOutputError otherwise. */
export function readVerdict(reply: ModelReply, brief: GradingBrief): GraderVerdict {
  const verdict = readForcedToolInput(reply, GRADE_TOOL, GraderVerdictSchema);
  if (verdict.criteria.length !== brief.criteria.length) {
    throw new InvalidModelOutputError(GRADE_TOOL, `criteria: ${verdict.criteria.length} results for ${brief.criteria.length} criteria`);
  }
  return verdict;
}
