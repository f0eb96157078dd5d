// Combines evidence from many sources into one list per session, and counts the distinct sessions it spans.
import type { Evidence } from "../schemas/dream";

type EvidenceLike = { session_id: string; event_ids: readonly string[] };

/** One entry per session in order of first mention, its event ids deduplicated in order of first mention. */
export function mergeEvidence(...lists: ReadonlyArray<readonly EvidenceLike[]>): Evidence[] {
  const bySession = new Map<string, Set<string>>();
  for (const item of lists.flat()) {
    const events = bySession.get(item.session_id) ?? new Set<string>();
    for (const eventId of item.event_ids) events.add(eventId);
    bySession.set(item.session_id, events);
  }
  return [...bySession].flatMap(([session_id, events]) => (events.size ? [{ session_id, event_ids: [...events] }] : []));
}

export function sessionsOf(evidence: readonly { session_id: string }[]): Set<string> {
  return new Set(evidence.map((item) => item.session_id));
}
