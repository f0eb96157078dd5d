// Dream phase 2, cross-session synthesis: turns the strong observation clusters into insights and playbooks with one forced `record_insights` call.
import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import { type Insight, InsightDraft, type ObservationCluster } from "../schemas/dream";
import { mergeEvidence, sessionsOf } from "./evidence-merge";
import { forcedTool, type ModelReply, readForcedToolInput } from "../model/structured-output";
import { isStrongCluster } from "./observation-clusters";
import { type ClusterBrief, jsonBlock, dreamGuidance } from "../schemas/prompt-blocks";
import { UNTRUSTED_CONTENT_RULE, untrustedContent } from "../safety/untrusted-content";

export const RECORD_INSIGHTS = "record_insights";
const MAX_TOKENS = 8_192;
/** Distinct statements shown per cluster: enough to see its variations, bounded for large clusters. */
const STATEMENTS_SHOWN = 8;

export const RecordInsightsInput = z.object({ insights: z.array(InsightDraft).max(100) });

const SYSTEM = `You turn clusters of observations, gathered across many sessions of an AI agent, into insights worth remembering.
Each cluster groups observations that say the same thing; support is the number of distinct sessions that showed it.
prior_support counts earlier sessions behind memories that already say the same; cite only the clusters, never those sessions.
- For a workaround cluster, write a playbook: a short title and numbered steps, one per line ("1. …", "2. …"), saying how to recognise the error (quote its signature) and exactly what to change.
- Otherwise write a note: one or two plain sentences in Markdown.
Combine clusters that describe one thing into one insight; never invent steps or facts the clusters do not state.
Suggest a path for each insight, such as /playbooks/<tool>-<problem>.md, /preferences/<topic>.md or /notes/<topic>.md.
Cite the ids of the clusters each insight rests on. Call ${RECORD_INSIGHTS} once with every insight.

${UNTRUSTED_CONTENT_RULE}`;

export interface DroppedInsight {
  insight: InsightDraft;
  reason: string;
}

/** The request over the strong clusters only (see isStrongCluster); null when none is strong, as there is nothing to synthesise. */
export function buildSynthesisRequest(input: {
  clusters: readonly ObservationCluster[];
  instructions?: string;
  model: string;
}): Anthropic.MessageCreateParamsNonStreaming | null {
  const strong = input.clusters.filter(isStrongCluster);
  if (strong.length === 0) return null;
  const guidance = dreamGuidance(input.instructions);
  return {
    model: input.model,
    max_tokens: MAX_TOKENS,
    system: SYSTEM,
    ...forcedTool(RECORD_INSIGHTS, "Record the insights and playbooks drawn from the clusters.", RecordInsightsInput),
    messages: [
      {
        role: "user",
        content: `${guidance}Observation clusters:\n${untrustedContent("observations of session transcripts", jsonBlock("clusters", strong.map(clusterBrief)))}`,
      },
    ],
  };
}

/**
 * Insights citing only clusters the request showed, each carrying those clusters' provenance (and their tool and error
 * signature when they agree); an insight citing any other cluster id is dropped with the reason.
 */
export function parseSynthesisReply(reply: ModelReply, clusters: readonly ObservationCluster[]): { insights: Insight[]; dropped: DroppedInsight[] } {
  const { insights: drafts } = readForcedToolInput(reply, RECORD_INSIGHTS, RecordInsightsInput);
  const shown = new Map(clusters.filter(isStrongCluster).map((cluster) => [cluster.id, cluster]));
  const insights: Insight[] = [];
  const dropped: DroppedInsight[] = [];
  for (const draft of drafts) {
    const unknown = draft.cluster_ids.filter((id) => !shown.has(id));
    if (unknown.length) {
      dropped.push({
        insight: draft,
        reason: `cites ${unknown.join(", ")}, which ${unknown.length > 1 ? "are not clusters" : "is not a cluster"} the request showed`,
      });
      continue;
    }
    insights.push(
      groundedInsight(
        draft,
        [...new Set(draft.cluster_ids)].map((id) => shown.get(id) as ObservationCluster),
      ),
    );
  }
  return { insights, dropped };
}

function clusterBrief(cluster: ObservationCluster): ClusterBrief {
  const statements = [...new Set(cluster.members.map((member) => member.statement))].slice(0, STATEMENTS_SHOWN);
  return {
    id: cluster.id,
    kind: cluster.kind,
    ...(cluster.tool ? { tool: cluster.tool } : {}),
    ...(cluster.error_signature ? { error_signature: cluster.error_signature } : {}),
    representative: cluster.representative,
    statements,
    support: cluster.support,
    prior_support: cluster.prior_support,
    session_ids: [...sessionsOf(cluster.provenance)],
  };
}

function groundedInsight(draft: InsightDraft, cited: readonly ObservationCluster[]): Insight {
  const evidence = mergeEvidence(...cited.map((cluster) => cluster.provenance));
  const tool = agreed(cited.map((cluster) => cluster.tool));
  const errorSignature = agreed(cited.map((cluster) => cluster.error_signature));
  return {
    ...draft,
    cluster_ids: [...new Set(draft.cluster_ids)],
    ...(tool ? { tool } : {}),
    ...(errorSignature ? { error_signature: errorSignature } : {}),
    support: sessionsOf(evidence).size,
    evidence,
  };
}

/** The value when every cited cluster has the same one, else undefined. */
function agreed(values: ReadonlyArray<string | undefined>): string | undefined {
  const first = values[0];
  return first !== undefined && values.every((value) => value === first) ? first : undefined;
}
