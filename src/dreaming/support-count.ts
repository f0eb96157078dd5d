// Support counts of memories that are written, updated or merged: how many distinct sessions back them.
import type { Evidence } from "../schemas/dream";
import { sessionsOf } from "./evidence-merge";

type Supported = { provenance: readonly { session_id: string }[]; support_count: number };

/**
 * Each source keeps its count and gains the sessions of the combined provenance it did not list; the best of these wins.
 * So an update adds only new sessions, a merge does not double-count sessions the sources share, and a count the store
 * kept beyond its listed provenance is never lost. With no sources, the evidence's distinct sessions.
 */
export function combinedSupport(sources: readonly Supported[], combined: readonly Evidence[]): number {
  const sessions = sessionsOf(combined);
  if (sources.length === 0) return sessions.size;
  return Math.max(
    ...sources.map((source) => {
      const known = sessionsOf(source.provenance);
      return source.support_count + [...sessions].filter((session) => !known.has(session)).length;
    }),
  );
}
