// What the simulator reads out of a session digest in a prompt: recoveries as workarounds, unresolved errors as failures,
// corrections and unmet rubric criteria as preferences.
import type { SessionDigest } from "../schemas/dream";
import { shorten } from "./structured-text";

export interface Finding {
  kind: "workaround" | "failure" | "preference";
  statement: string;
  tool?: string;
  error_signature?: string;
  event_ids: string[];
}

const QUOTE_LIMIT = 300;

/** In digest order: every recovery, unresolved error, correction and unmet criterion; each citing exactly the digest's event ids. */
export function findingsOf(digest: SessionDigest): Finding[] {
  const workarounds = digest.recoveries.map((recovery): Finding => {
    const change = recovery.input_change.length ? `changing ${recovery.input_change.join("; ")}` : "retrying with the same input";
    return {
      kind: "workaround",
      statement: `\`${recovery.tool}\` failed with "${recovery.error_signature}"; it succeeded after ${change}.`,
      tool: recovery.tool,
      error_signature: recovery.error_signature,
      event_ids: [...recovery.failed_event_ids, ...recovery.succeeded_event_ids],
    };
  });
  const failures = digest.errors
    .filter((error) => !error.resolved)
    .map(
      (error): Finding => ({
        kind: "failure",
        statement: error.tool
          ? `\`${error.tool}\` failed with "${error.signature}" and the session did not recover.`
          : `The session failed with "${error.signature}".`,
        ...(error.tool ? { tool: error.tool } : {}),
        error_signature: error.signature,
        event_ids: error.event_ids,
      }),
    );
  const preferences = digest.corrections.map(
    (correction): Finding => ({
      kind: "preference",
      statement: `The user said: "${shorten(correction.text, QUOTE_LIMIT)}"`,
      event_ids: [correction.event_id],
    }),
  );
  // A criterion the grader found unmet is what the user's rubric expects: worth meeting first time next time.
  const expectations = digest.outcome_grades.flatMap((grade) =>
    grade.unmet.map(
      (criterion): Finding => ({ kind: "preference", statement: `Outputs are graded on: ${shorten(criterion, QUOTE_LIMIT)}`, event_ids: [grade.event_id] }),
    ),
  );
  return [...workarounds, ...failures, ...preferences, ...expectations];
}
