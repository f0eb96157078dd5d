// Support a cluster already has in the store: sessions outside this dream's window whose evidence backs a memory
// that says the same thing, so a pattern seen once per window still adds up across dreams.
import type { MemoryEntry, ObservationCluster } from "../schemas/dream";
import { sessionsOf } from "./evidence-merge";
import { cosineSimilarity, wordCounts } from "./text-similarity";
import { isQuarantinedPath } from "../memory/quarantine";

/**
 * How alike a memory and a cluster's statements must be to count as the same lesson. Higher than curation's recall
 * threshold (0.25), because this one changes what is trusted rather than what is shown to the model; and the memory
 * must name the cluster's tool when the cluster has one, so two workarounds of different tools never add up.
 */
export const PRIOR_EVIDENCE = 0.3;

/**
 * Each cluster with `prior_support` set: distinct sessions, not in the cluster's own evidence, behind the live memories
 * that match it. Prior sessions strengthen a cluster (see isStrongCluster) but never become its evidence: whatever the
 * dream writes still cites only sessions it read.
 */
export function withPriorSupport(clusters: readonly ObservationCluster[], memories: readonly MemoryEntry[]): ObservationCluster[] {
  // A quarantined memory waits for a person's judgement: it lends no support until approved.
  const live = memories.filter((memory) => memory.superseded_by === undefined && !isQuarantinedPath(memory.path));
  return clusters.map((cluster) => {
    const statements = wordCounts([cluster.representative, ...cluster.members.map((member) => member.statement)].join(" "));
    const own = sessionsOf(cluster.provenance);
    const prior = new Set<string>();
    for (const memory of live) {
      if (cluster.tool && !memory.content.includes(cluster.tool)) continue;
      if (cosineSimilarity(statements, wordCounts(memory.content)) < PRIOR_EVIDENCE) continue;
      for (const sessionId of sessionsOf(memory.provenance)) if (!own.has(sessionId)) prior.add(sessionId);
    }
    return { ...cluster, prior_support: prior.size };
  });
}
