// Source trust: what kind of event each piece of evidence cites, and whether its text could have been written by someone other than Lucid.
import type { Evidence, EvidenceSource, SessionDigest } from "../schemas/dream";

export type Trust = "trusted" | "semi_trusted" | "untrusted";

/**
 * - trusted: Lucid's own records (status changes, errors of the model call), whose words no one outside chooses.
 * - semi_trusted: the session's person (the task and later messages) and the outcome grader, who judges against that
 *   person's rubric: meant well, but a person may paste hostile text and a grader reads the agent's output.
 * - untrusted: tool results (built-in, such as file reads, or answered by the client), a coordinator's messages to its
 *   thread, and the agent's own tool inputs and replies, which repeat whatever it read. Unknown events count as untrusted.
 */
const TRUST_OF: Readonly<Record<EvidenceSource, Trust>> = {
  platform: "trusted",
  user_message: "semi_trusted",
  grader: "semi_trusted",
  thread_message: "untrusted",
  tool_input: "untrusted",
  tool_result: "untrusted",
  custom_tool_result: "untrusted",
  agent_message: "untrusted",
  unknown: "untrusted",
};

/** Per session, the source of each event its digest shows. */
export type SourceIndex = ReadonlyMap<string, ReadonlyMap<string, EvidenceSource>>;

export interface CitedSource {
  session_id: string;
  event_id: string;
  source: EvidenceSource;
}

export function sourceIndexOf(digests: readonly SessionDigest[]): SourceIndex {
  return new Map(digests.map((digest) => [digest.session_id, sourcesOfDigest(digest)]));
}

/** Later entries win, so a tool call's result (untrusted) is never relabelled by a summary that lists it again. */
function sourcesOfDigest(digest: SessionDigest): Map<string, EvidenceSource> {
  const sources = new Map<string, EvidenceSource>();
  const person: EvidenceSource = digest.origin === "thread" ? "thread_message" : "user_message";
  for (const error of digest.errors) if (error.source === "session") for (const id of error.event_ids) sources.set(id, "platform");
  if (digest.end.event_id) sources.set(digest.end.event_id, "platform");
  for (const grade of digest.outcome_grades) sources.set(grade.event_id, "grader");
  if (digest.task) sources.set(digest.task.event_id, person);
  for (const correction of digest.corrections) sources.set(correction.event_id, person);
  if (digest.final_reply) sources.set(digest.final_reply.event_id, "agent_message");
  for (const call of digest.tool_calls) {
    sources.set(call.use_event_id, "tool_input");
    if (call.result_event_id) sources.set(call.result_event_id, call.builtin ? "tool_result" : "custom_tool_result");
  }
  return sources;
}

/** Every cited event whose text someone other than Lucid could have written (not `trusted`), in citation order. */
export function untrustedSourcesOf(evidence: readonly Evidence[], index: SourceIndex): CitedSource[] {
  return evidence.flatMap(({ session_id, event_ids }) =>
    event_ids.flatMap((event_id) => {
      const source = index.get(session_id)?.get(event_id) ?? "unknown";
      return TRUST_OF[source] === "trusted" ? [] : [{ session_id, event_id, source }];
    }),
  );
}
