// The simulator's `record_insights` answer: one insight per cluster in the prompt's <clusters> block, a playbook for a workaround, a note otherwise.
import type { ClusterBrief } from "../schemas/prompt-blocks";
import { readJsonBlock } from "../schemas/prompt-blocks";
import type { InsightDraft } from "../schemas/dream";
import { shorten, signatureText, slug } from "./structured-text";

const NOTE_FOLDERS: Record<ClusterBrief["kind"], string> = {
  preference: "preferences",
  workaround: "workarounds",
  failure: "failures",
  tool_usage: "tools",
  fact: "notes",
};

export function answerRecordInsights(promptText: string): { insights: InsightDraft[] } | undefined {
  const clusters = readJsonBlock(promptText, "clusters");
  if (!clusters) return undefined;
  return { insights: clusters.map(insightOf) };
}

function insightOf(cluster: ClusterBrief): InsightDraft {
  const seen = `Seen in ${cluster.support} session${cluster.support === 1 ? "" : "s"}.`;
  if (cluster.kind === "workaround" && cluster.tool && cluster.error_signature) {
    const { tool, error_signature: signature } = cluster;
    return {
      title: shorten(`When \`${tool}\` fails with "${signatureText(signature, tool)}"`, 200),
      kind: "playbook",
      // The steps carry no counts, so the same workaround reads the same whatever its support.
      content: [
        `1. Recognise the error: \`${tool}\` fails with "${signature}".`,
        `2. Do what worked before: ${cluster.representative}`,
        `3. Retry \`${tool}\` and check that it succeeds.`,
        "",
        seen,
      ].join("\n"),
      path: `/playbooks/${slug(tool, 24)}-${slug(signatureText(signature, tool))}.md`,
      cluster_ids: [cluster.id],
    };
  }
  const topic = cluster.tool && cluster.error_signature ? `${cluster.tool}-${signatureText(cluster.error_signature, cluster.tool)}` : cluster.representative;
  return {
    title: shorten(cluster.representative, 200),
    kind: "note",
    content: `${cluster.representative}\n\n${seen}`,
    path: `/${NOTE_FOLDERS[cluster.kind]}/${slug(topic)}.md`,
    cluster_ids: [cluster.id],
  };
}
