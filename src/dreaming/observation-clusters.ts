// Clusters observations across sessions, deterministically: by exact key, then by near-duplicate statements; each cluster counts the sessions behind it.
import type { Observation, ObservationCluster } from "../schemas/dream";
import { mergeEvidence, sessionsOf } from "./evidence-merge";
import { characterShingles, factMarkers, jaccard, normaliseText } from "./text-similarity";

/**
 * Jaccard over character 5-shingles of the normalised statements. Observations are one sentence each, where word
 * shingles break on every changed word while 5-character shingles survive reordering and inflection ("fails"/"failed").
 * On such sentences rewordings of one claim score about 0.75–0.9 and different claims on the same topic about 0.4–0.5
 * ("the staging database…" / "the production database…": 0.46), so 0.6 sits between them, erring towards keeping
 * claims apart: merging two facts loses one, while splitting one only lowers its support. Statements must also agree on
 * their numbers and negations (see factMarkers), which a high score alone misses. Comparison is exact and pairwise
 * within a kind: at a few thousand observations that is a few million small set intersections, so MinHash would add
 * approximation without saving time that matters.
 */
export const NEAR_DUPLICATE_STATEMENT = 0.6;

/** Support at which a cluster is trusted for synthesis: seen in this many distinct sessions. */
export const STRONG_SUPPORT = 2;

interface Group {
  members: Observation[];
  kind: Observation["kind"];
  tool: string | undefined;
  errorSignature: string | undefined;
}

/**
 * Observations sharing kind, tool and error signature form one group (those without an error signature group by their
 * normalised statement instead); groups of one kind then join when a statement of one is a near-duplicate of a statement
 * of the other, unless they name different tools or different error signatures. Cluster ids follow support, highest first.
 */
export function clusterObservations(observations: readonly Observation[]): ObservationCluster[] {
  const groups = groupByExactKey(observations);
  const root = joinNearDuplicates(groups);
  const joined = new Map<number, Observation[]>();
  groups.forEach((group, index) => {
    const at = root(index);
    joined.set(at, [...(joined.get(at) ?? []), ...group.members]);
  });
  return [...joined.values()]
    .map(buildCluster)
    .sort((a, b) => b.support - a.support)
    .map((cluster, index) => ({ id: `cl_${index + 1}`, ...cluster }));
}

/**
 * Strong clusters go to synthesis: support from two sessions or more (counting earlier sessions behind memories that
 * already say the same), or a preference the user stated in their own words.
 */
export function isStrongCluster(cluster: ObservationCluster): boolean {
  return cluster.support + cluster.prior_support >= STRONG_SUPPORT || (cluster.kind === "preference" && cluster.user_stated);
}

function exactKey(observation: Observation): string {
  const tail = observation.error_signature ? `signature:${observation.error_signature}` : `statement:${normaliseText(observation.statement)}`;
  return `${observation.kind}|${observation.tool ?? ""}|${tail}`;
}

function groupByExactKey(observations: readonly Observation[]): Group[] {
  const groups = new Map<string, Group>();
  for (const observation of observations) {
    const key = exactKey(observation);
    const group = groups.get(key);
    if (group) group.members.push(observation);
    else groups.set(key, { members: [observation], kind: observation.kind, tool: observation.tool, errorSignature: observation.error_signature });
  }
  return [...groups.values()];
}

/** Union-find over groups; returns the root of each group's index. */
function joinNearDuplicates(groups: readonly Group[]): (index: number) => number {
  const parent = groups.map((_, index) => index);
  const root = (index: number): number => {
    let at = index;
    while (parent[at] !== at) at = parent[at] as number;
    return at;
  };
  const statements = groups.map((group) =>
    group.members.map((member) => ({ shingles: characterShingles(member.statement), markers: factMarkers(member.statement) })),
  );
  for (let a = 0; a < groups.length; a++) {
    for (let b = a + 1; b < groups.length; b++) {
      if (root(a) === root(b) || !compatible(groups[a] as Group, groups[b] as Group)) continue;
      const near = (statements[a] ?? []).some((x) =>
        (statements[b] ?? []).some((y) => x.markers === y.markers && jaccard(x.shingles, y.shingles) >= NEAR_DUPLICATE_STATEMENT),
      );
      if (near) parent[root(b)] = root(a);
    }
  }
  return root;
}

const differ = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a !== b;

function compatible(a: Group, b: Group): boolean {
  return a.kind === b.kind && !differ(a.tool, b.tool) && !differ(a.errorSignature, b.errorSignature);
}

function buildCluster(members: Observation[]): Omit<ObservationCluster, "id"> {
  const first = members[0] as Observation;
  const provenance = mergeEvidence(...members.map((member) => member.evidence));
  const tool = shared(members.map((member) => member.tool));
  const errorSignature = shared(members.map((member) => member.error_signature));
  return {
    kind: first.kind,
    ...(tool ? { tool } : {}),
    ...(errorSignature ? { error_signature: errorSignature } : {}),
    representative: representativeStatement(members),
    members,
    support: sessionsOf(provenance).size,
    prior_support: 0,
    provenance,
    user_stated: members.some((member) => member.user_stated),
  };
}

/** The value every member that has one agrees on; undefined when none has one or they disagree. */
function shared(values: ReadonlyArray<string | undefined>): string | undefined {
  const present = new Set(values.filter((value) => value !== undefined));
  return present.size === 1 ? [...present][0] : undefined;
}

/** The statement most members make (compared normalised), the earliest among equals. */
function representativeStatement(members: readonly Observation[]): string {
  const counts = new Map<string, { statement: string; count: number }>();
  for (const member of members) {
    const key = normaliseText(member.statement);
    const entry = counts.get(key) ?? { statement: member.statement, count: 0 };
    counts.set(key, { ...entry, count: entry.count + 1 });
  }
  return [...counts.values()].reduce((best, entry) => (entry.count > best.count ? entry : best)).statement;
}
