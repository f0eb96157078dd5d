// The evidence behind a memory: merging new provenance into what it had, and counting the sessions that support it.
import type { Provenance } from "../schemas/memory";

/** Adds new evidence, one entry per session, keeping first-seen order so exports are stable. */
export function mergeProvenance(current: Provenance[], added: Provenance[]): Provenance[] {
  const merged = current.map((entry) => ({ session_id: entry.session_id, event_ids: [...entry.event_ids] }));
  for (const entry of added) {
    const existing = merged.find((candidate) => candidate.session_id === entry.session_id);
    if (!existing) merged.push({ session_id: entry.session_id, event_ids: [...new Set(entry.event_ids)] });
    else existing.event_ids = [...new Set([...existing.event_ids, ...entry.event_ids])];
  }
  return merged;
}

/** Support is counted in distinct sessions: many events from one session are still one witness. */
export function supportCount(provenance: Provenance[]): number {
  return new Set(provenance.map((entry) => entry.session_id)).size;
}
