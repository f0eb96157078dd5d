// Phase 2, clustering: observations from many sessions grouped by key and near-duplicate statements, with support counted in sessions.
import { describe, expect, it } from "vitest";
import { clusterObservations, isStrongCluster } from "../../src/dreaming/observation-clusters";
import type { Observation } from "../../src/schemas/dream";

let eventNumber = 0;
const observed = (statement: string, session: string, fields: Partial<Observation> = {}): Observation => ({
  statement,
  kind: "fact",
  evidence: [{ session_id: session, event_ids: [`sevt_${++eventNumber}`] }],
  user_stated: false,
  ...fields,
});
const failure = { kind: "workaround" as const, tool: "deploy", error_signature: "deploy: permission denied <path>" };

describe("clusterObservations", () => {
  it("counts support in distinct sessions, not mentions, and merges their provenance", () => {
    const a = observed("deploy works with sudo.", "sesn_a", failure);
    const b = observed("Retrying deploy with sudo: true fixed it.", "sesn_a", failure);
    const c = observed("deploy succeeded once sudo was set.", "sesn_b", failure);
    const [cluster, ...rest] = clusterObservations([a, b, c]);
    expect(rest).toEqual([]);
    expect(cluster).toMatchObject({ id: "cl_1", kind: "workaround", tool: "deploy", error_signature: failure.error_signature, support: 2 });
    expect(cluster?.members).toEqual([a, b, c]);
    expect(cluster?.provenance).toEqual([
      { session_id: "sesn_a", event_ids: [...(a.evidence[0]?.event_ids ?? []), ...(b.evidence[0]?.event_ids ?? [])] },
      { session_id: "sesn_b", event_ids: c.evidence[0]?.event_ids },
    ]);
  });

  it("groups near-duplicate statements from different sessions", () => {
    const clusters = clusterObservations([
      observed("The user prefers tabs over spaces in Python files.", "sesn_a", { kind: "preference" }),
      observed("The staging database is on port 5432.", "sesn_c"),
      observed("User prefers tabs over spaces in Python files", "sesn_b", { kind: "preference" }),
    ]);
    expect(clusters.map((cluster) => [cluster.id, cluster.support, cluster.representative])).toEqual([
      ["cl_1", 2, "The user prefers tabs over spaces in Python files."],
      ["cl_2", 1, "The staging database is on port 5432."],
    ]);
  });

  it("keeps apart two facts that differ only in a digit, and claims on one topic that differ", () => {
    const clusters = clusterObservations([
      observed("The API rate limit is 100 requests per minute.", "sesn_a"),
      observed("The API rate limit is 500 requests per minute.", "sesn_b"),
      observed("The staging database is on port 5432.", "sesn_c"),
      observed("The production database is on port 5432.", "sesn_d"),
    ]);
    expect(clusters).toHaveLength(4);
    expect(clusters.every((cluster) => cluster.support === 1)).toBe(true);
  });

  it("never joins the same tool's different error signatures, however alike the statements", () => {
    const clusters = clusterObservations([
      observed("deploy failed with permission denied; sudo fixed it.", "sesn_a", failure),
      observed("deploy failed with permission denied; sudo fixed it.", "sesn_b", { ...failure, error_signature: "deploy: disk full" }),
    ]);
    expect(clusters.map((cluster) => cluster.error_signature)).toEqual([failure.error_signature, "deploy: disk full"]);
  });

  it("orders clusters by support, and picks the statement most members make as representative", () => {
    const clusters = clusterObservations([
      observed("Lone fact.", "sesn_a"),
      observed("deploy needs sudo.", "sesn_a", failure),
      observed("Use sudo for deploy.", "sesn_b", failure),
      observed("Use sudo for deploy.", "sesn_c", failure),
    ]);
    expect(clusters.map((cluster) => [cluster.id, cluster.support, cluster.representative])).toEqual([
      ["cl_1", 3, "Use sudo for deploy."],
      ["cl_2", 1, "Lone fact."],
    ]);
  });
});

describe("isStrongCluster", () => {
  it("is strong from two sessions on, or for a preference the user stated, even once", () => {
    const [twoSessions] = clusterObservations([observed("Fact.", "sesn_a"), observed("Fact.", "sesn_b")]);
    const [stated] = clusterObservations([observed("Answer in French.", "sesn_a", { kind: "preference", user_stated: true })]);
    const [inferred] = clusterObservations([observed("Answer in French.", "sesn_a", { kind: "preference" })]);
    const [once] = clusterObservations([observed("Fact.", "sesn_a")]);
    expect([twoSessions, stated, inferred, once].map((cluster) => cluster && isStrongCluster(cluster))).toEqual([true, true, false, false]);
  });
});
