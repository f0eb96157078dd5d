// Phase 2, synthesis: the strong clusters go to the model; insights come back grounded in the clusters they cite.
import { describe, expect, it } from "vitest";
import { InvalidModelOutputError } from "../../src/model/structured-output";
import { clusterObservations } from "../../src/dreaming/observation-clusters";
import { readJsonBlock } from "../../src/schemas/prompt-blocks";
import { buildSynthesisRequest, parseSynthesisReply, RECORD_INSIGHTS } from "../../src/dreaming/synthesis-phase";
import type { Observation } from "../../src/schemas/dream";
import { toolReply } from "../fixtures/model-replies";

const failure = { kind: "workaround" as const, tool: "deploy", error_signature: "deploy: permission denied <path>" };
const observed = (statement: string, session: string, eventId: string, fields: Partial<Observation> = {}): Observation => ({
  statement,
  kind: "fact",
  evidence: [{ session_id: session, event_ids: [eventId] }],
  user_stated: false,
  ...fields,
});
const clusters = clusterObservations([
  observed("Use sudo for deploy.", "sesn_a", "sevt_a1", failure),
  observed("Use sudo for deploy.", "sesn_b", "sevt_b1", failure),
  observed("Use sudo for deploy.", "sesn_c", "sevt_c1", failure),
  observed("The build takes ten minutes.", "sesn_a", "sevt_a2"),
]);
const playbook = {
  title: "deploy permission denied",
  kind: "playbook",
  content: "1. Notice the permission error.\n2. Retry deploy with sudo: true.",
  path: "/playbooks/deploy-permission-denied.md",
  cluster_ids: ["cl_1"],
};

describe("buildSynthesisRequest", () => {
  it("shows only the strong clusters and forces record_insights", () => {
    const request = buildSynthesisRequest({ clusters, model: "m" });
    expect(request?.tool_choice).toEqual({ type: "tool", name: RECORD_INSIGHTS });
    const shown = readJsonBlock(request?.messages[0]?.content as string, "clusters");
    expect(shown).toEqual([
      {
        id: "cl_1",
        kind: "workaround",
        tool: "deploy",
        error_signature: failure.error_signature,
        representative: "Use sudo for deploy.",
        statements: ["Use sudo for deploy."],
        support: 3,
        prior_support: 0,
        session_ids: ["sesn_a", "sesn_b", "sesn_c"],
      },
    ]);
  });

  it("is null when no cluster is strong", () => {
    expect(buildSynthesisRequest({ clusters: clusters.slice(1), model: "m" })).toBeNull();
  });
});

describe("parseSynthesisReply", () => {
  it("carries the cited clusters' provenance, support, tool and signature onto the insight", () => {
    const { insights, dropped } = parseSynthesisReply(toolReply(RECORD_INSIGHTS, { insights: [playbook] }), clusters);
    expect(dropped).toEqual([]);
    expect(insights).toEqual([
      {
        ...playbook,
        tool: "deploy",
        error_signature: failure.error_signature,
        support: 3,
        evidence: [
          { session_id: "sesn_a", event_ids: ["sevt_a1"] },
          { session_id: "sesn_b", event_ids: ["sevt_b1"] },
          { session_id: "sesn_c", event_ids: ["sevt_c1"] },
        ],
      },
    ]);
  });

  it("drops insights citing clusters the request did not show", () => {
    const reply = toolReply(RECORD_INSIGHTS, {
      insights: [
        { ...playbook, cluster_ids: ["cl_1", "cl_9"] },
        { ...playbook, kind: "note", cluster_ids: ["cl_2"] },
      ],
    });
    const { insights, dropped } = parseSynthesisReply(reply, clusters);
    expect(insights).toEqual([]);
    expect(dropped.map((entry) => entry.reason)).toEqual([
      "cites cl_9, which is not a cluster the request showed",
      "cites cl_2, which is not a cluster the request showed",
    ]);
  });

  it("refuses a playbook that is not numbered steps", () => {
    const reply = toolReply(RECORD_INSIGHTS, { insights: [{ ...playbook, content: "Just use sudo." }] });
    expect(() => parseSynthesisReply(reply, clusters)).toThrow(InvalidModelOutputError);
    expect(() => parseSynthesisReply(reply, clusters)).toThrow(/numbered steps/);
  });
});
