// Dream phase 1, session review: batches session digests into forced `record_observations` calls and keeps the observations their evidence supports.
import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import { type Observation, ObservationDraft, type SessionDigest } from "../schemas/dream";
import { forcedTool, type ModelReply, readForcedToolInput } from "../model/structured-output";
import { blockJson, jsonBlock, dreamGuidance } from "../schemas/prompt-blocks";
import { digestEventIds, digestUserEventIds } from "../transcript/session-digest";
import { UNTRUSTED_CONTENT_RULE, untrustedContent } from "../safety/untrusted-content";

export const RECORD_OBSERVATIONS = "record_observations";
const MAX_TOKENS = 8_192;
const CHARS_PER_TOKEN = 4;

export const RecordObservationsInput = z.object({ observations: z.array(ObservationDraft).max(200) });

const SYSTEM = `You review digests of an AI agent's work sessions and record observations that will help the agent do better next time.
Each digest was extracted deterministically from one session's transcript: the task, the user's corrections, tool calls and results, errors, recoveries (a tool failed, then succeeded after a change), the final reply, how the session ended, and outcome grades (rubric criteria a grader found unmet).
Record only what the digests show. Kinds:
- preference: how the user wants things done, in their own words (a correction or the task), or what their rubric demands (an unmet criterion).
- workaround: a recovery: name the tool, copy its error_signature exactly, and say what changed in the input that made it work.
- failure: an error that was never resolved, with its tool and error_signature.
- tool_usage: how a tool is used successfully, when that is not obvious.
- fact: a stable fact about the user's environment or project that the session established.
Write each statement as one self-contained sentence that will still make sense without the transcript. No generic advice.
Every observation cites evidence: the session_id and the event ids from that session's digest that show it. Cite no other ids.
Call ${RECORD_OBSERVATIONS} once with every observation; an empty list is a valid answer.

${UNTRUSTED_CONTENT_RULE}`;

export interface ReviewBatch {
  request: Anthropic.MessageCreateParamsNonStreaming;
  session_ids: string[];
}

/** Per session in a batch: the event ids its digest shows, and those that are the user's own words. */
export type AllowedEvidence = ReadonlyMap<string, { eventIds: ReadonlySet<string>; userEventIds: ReadonlySet<string> }>;

export interface DroppedObservation {
  observation: ObservationDraft;
  reason: string;
}

/**
 * Packs digests, in order, into as few requests as keep each within `tokenBudget` (estimated as the request JSON's
 * characters / 4, as the simulator counts). A digest too large for any batch goes alone rather than being cut: digests
 * are already bounded (src/dreaming/session-digest.ts), and half a session would invite wrong observations.
 */
export function buildReviewRequest(input: { digests: readonly SessionDigest[]; instructions?: string; model: string; tokenBudget: number }): ReviewBatch[] {
  const budgetChars = input.tokenBudget * CHARS_PER_TOKEN;
  const baseChars = JSON.stringify(reviewRequest([], input)).length;
  const batches: SessionDigest[][] = [];
  let current: SessionDigest[] = [];
  let currentChars = baseChars;
  for (const digest of input.digests) {
    // The digest's share of the request JSON: its block JSON as a string (quotes escaped), plus the comma between items.
    const chars = JSON.stringify(blockJson(digest)).length - 1;
    if (current.length > 0 && currentChars + chars > budgetChars) {
      batches.push(current);
      current = [];
      currentChars = baseChars;
    }
    current.push(digest);
    currentChars += chars;
  }
  if (current.length > 0) batches.push(current);
  return batches.map((digests) => ({ request: reviewRequest(digests, input), session_ids: digests.map((digest) => digest.session_id) }));
}

export function allowedEvidenceOf(digests: readonly SessionDigest[]): AllowedEvidence {
  return new Map(digests.map((digest) => [digest.session_id, { eventIds: digestEventIds(digest), userEventIds: digestUserEventIds(digest) }]));
}

/** The observations whose evidence all comes from the batch; the others are dropped, each with the reason. */
export function parseReviewReply(reply: ModelReply, allowedEvidence: AllowedEvidence): { observations: Observation[]; dropped: DroppedObservation[] } {
  const { observations: drafts } = readForcedToolInput(reply, RECORD_OBSERVATIONS, RecordObservationsInput);
  const observations: Observation[] = [];
  const dropped: DroppedObservation[] = [];
  for (const draft of drafts) {
    const reason = unsupportedEvidence(draft, allowedEvidence);
    if (reason) dropped.push({ observation: draft, reason });
    else observations.push({ ...draft, user_stated: draft.kind === "preference" && citesUserWords(draft, allowedEvidence) });
  }
  return { observations, dropped };
}

function reviewRequest(digests: readonly SessionDigest[], input: { instructions?: string; model: string }): Anthropic.MessageCreateParamsNonStreaming {
  const guidance = dreamGuidance(input.instructions);
  return {
    model: input.model,
    max_tokens: MAX_TOKENS,
    // Every batch of a dream shares this prefix, so later batches read it from the cache.
    system: [{ type: "text", text: SYSTEM, cache_control: { type: "ephemeral" } }],
    ...forcedTool(RECORD_OBSERVATIONS, "Record the observations drawn from the session digests.", RecordObservationsInput),
    messages: [{ role: "user", content: `${guidance}Session digests:\n${untrustedContent("session transcripts", jsonBlock("digests", [...digests]))}` }],
  };
}

function unsupportedEvidence(draft: ObservationDraft, allowed: AllowedEvidence): string | null {
  for (const evidence of draft.evidence) {
    const session = allowed.get(evidence.session_id);
    if (!session) return `cites session ${evidence.session_id}, which is not in this batch`;
    const unknown = evidence.event_ids.find((eventId) => !session.eventIds.has(eventId));
    if (unknown) return `cites event ${unknown}, which the digest of ${evidence.session_id} does not show`;
  }
  return null;
}

function citesUserWords(draft: ObservationDraft, allowed: AllowedEvidence): boolean {
  return draft.evidence.some((evidence) => evidence.event_ids.some((eventId) => allowed.get(evidence.session_id)?.userEventIds.has(eventId)));
}
