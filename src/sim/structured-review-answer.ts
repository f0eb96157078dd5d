// The simulator's `record_observations` answer: one observation per finding of each digest in the prompt's <digests> block.
import { readJsonBlock } from "../schemas/prompt-blocks";
import type { ObservationDraft } from "../schemas/dream";
import { findingsOf } from "./digest-findings";

export function answerRecordObservations(promptText: string): { observations: ObservationDraft[] } | undefined {
  const digests = readJsonBlock(promptText, "digests");
  if (!digests) return undefined;
  const observations = digests.flatMap((digest) =>
    findingsOf(digest).map(({ event_ids, ...finding }) => ({ ...finding, evidence: [{ session_id: digest.session_id, event_ids }] })),
  );
  return { observations };
}
