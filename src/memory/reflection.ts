// Session reflection: at a session's end, one short forced `record_lessons` call turns the session's digest into lessons for its memory store.
import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import { forcedTool, type ModelReply, readForcedToolInput } from "../model/structured-output";
import { jsonBlock } from "../schemas/prompt-blocks";
import { digestEventIds } from "../transcript/session-digest";
import { UNTRUSTED_CONTENT_RULE, untrustedContent } from "../safety/untrusted-content";
import { Lesson, type SessionDigest } from "../schemas/dream";

export const RECORD_LESSONS = "record_lessons";
const MAX_TOKENS = 2_048;
const PATHS_SHOWN = 200;

export const RecordLessonsInput = z.object({ lessons: z.array(Lesson).max(10) });

const SYSTEM = `You write down what an AI agent learned in one session, for its next sessions. The digest below was extracted from the session's transcript.
Record only lessons the digest shows, at most a few:
- preference: how the user wants things done, from their own words.
- tool: how a tool is used successfully, when that is not obvious.
- workaround: a tool failed, then worked after a change: the error and the change.
- failure: an error that was not resolved, to avoid next time.
Keep each lesson short and specific. Reuse an existing path when the lesson refines that memory; otherwise pick a new one.
Cite the digest's event ids that show each lesson. Call ${RECORD_LESSONS} once; an empty list is a valid answer.

${UNTRUSTED_CONTENT_RULE}`;

export interface DroppedLesson {
  lesson: Lesson;
  reason: string;
}

export function buildReflectionRequest(input: {
  digest: SessionDigest;
  existingPaths: readonly string[];
  /** The store's own guidance on what to keep and where, if it has any. */
  storePrompt?: string;
  model: string;
}): Anthropic.MessageCreateParamsNonStreaming {
  const guidance = input.storePrompt ? `How this memory store is kept:\n${input.storePrompt}\n\n` : "";
  return {
    model: input.model,
    max_tokens: MAX_TOKENS,
    system: SYSTEM,
    ...forcedTool(RECORD_LESSONS, "Record the lessons of this session.", RecordLessonsInput),
    messages: [
      {
        role: "user",
        content: `${guidance}Paths already in the store:\n${jsonBlock("existing_paths", input.existingPaths.slice(0, PATHS_SHOWN))}\n\nThe session:\n${untrustedContent("session transcript", jsonBlock("digest", input.digest))}`,
      },
    ],
  };
}

/** The lessons whose evidence the digest shows; the others are dropped with the reason. */
export function parseReflectionReply(reply: ModelReply, digest: SessionDigest): { lessons: Lesson[]; dropped: DroppedLesson[] } {
  const { lessons: drafts } = readForcedToolInput(reply, RECORD_LESSONS, RecordLessonsInput);
  const shown = digestEventIds(digest);
  const lessons: Lesson[] = [];
  const dropped: DroppedLesson[] = [];
  for (const lesson of drafts) {
    const unknown = lesson.evidence_event_ids.find((eventId) => !shown.has(eventId));
    if (unknown) dropped.push({ lesson, reason: `cites event ${unknown}, which the digest of ${digest.session_id} does not show` });
    else lessons.push(lesson);
  }
  return { lessons, dropped };
}
