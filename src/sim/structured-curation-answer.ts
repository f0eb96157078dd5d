// The simulator's `propose_operations` answer: per insight of the prompt's <insights> block, create, update, supersede or merge, judged from the related memories shown.
import type { InsightBrief, RelatedMemoryBrief } from "../schemas/prompt-blocks";
import { readJsonBlock } from "../schemas/prompt-blocks";
import type { ProposedOperation } from "../schemas/dream";

/** Without a tool and error signature to compare, a related memory is about the same thing when this similar (as the prompt states it). */
const SAME_TOPIC = 0.5;

/**
 * A related memory is about the same problem when it names the insight's tool and error signature (or, lacking those,
 * is at least SAME_TOPIC similar), and holds the same solution when it contains every numbered step of the insight (or,
 * for a note, its first paragraph). Then, per insight, in order:
 * - no memory about the same problem: create at the suggested path (suffixed `-2`, `-3`… when taken);
 * - one with the same solution: update it; two or more: merge them at the first one's path;
 * - only ones with a different solution: supersede them at the first one's path (the newer evidence wins).
 * A memory an earlier insight already changed is not touched again.
 */
export function answerProposeOperations(promptText: string): { operations: ProposedOperation[] } | undefined {
  const insights = readJsonBlock(promptText, "insights");
  const summary = readJsonBlock(promptText, "store_summary");
  if (!insights || !summary) return undefined;
  const taken = new Set(summary.paths);
  const touched = new Set<string>();
  const operations = insights.map((insight) => {
    const related = insight.related_memories.filter((memory) => !touched.has(memory.path) && sameProblem(insight, memory));
    const operation = operationFor(insight, related, taken);
    for (const path of [operation.path, ...(operation.target_paths ?? [])]) {
      touched.add(path);
      taken.add(path);
    }
    return operation;
  });
  return { operations };
}

function operationFor(insight: InsightBrief, related: readonly RelatedMemoryBrief[], taken: ReadonlySet<string>): ProposedOperation {
  const write = { content: insight.content, evidence: insight.evidence };
  const sessions = `${insight.support} session${insight.support === 1 ? "" : "s"}`;
  const same = related.filter((memory) => sameSolution(insight, memory));
  const [first] = same;
  if (same.length >= 2 && first) {
    const paths = same.map((memory) => memory.path);
    return {
      op: "merge",
      path: first.path,
      target_paths: paths,
      ...write,
      reason: `${paths.join(", ")} say the same as "${insight.title}", confirmed in ${sessions}.`,
    };
  }
  if (first) return { op: "update", path: first.path, ...write, reason: `"${insight.title}" confirms ${first.path} (${sessions}).` };
  const [outdated] = related;
  if (outdated) {
    const paths = related.map((memory) => memory.path);
    return {
      op: "supersede",
      path: outdated.path,
      target_paths: paths,
      ...write,
      reason: `Newer evidence from ${sessions} shows a different way for the same problem: "${insight.title}".`,
    };
  }
  return { op: "create", path: freePath(insight.path, taken), ...write, reason: `New: "${insight.title}", seen in ${sessions}.` };
}

function sameProblem(insight: InsightBrief, memory: RelatedMemoryBrief): boolean {
  if (!insight.tool || !insight.error_signature) return memory.similarity >= SAME_TOPIC;
  const content = memory.content.toLowerCase();
  return content.includes(insight.tool.toLowerCase()) && content.includes(insight.error_signature.toLowerCase());
}

function sameSolution(insight: InsightBrief, memory: RelatedMemoryBrief): boolean {
  const content = squash(memory.content);
  const steps = insight.content.split("\n").filter((line) => /^\s*\d+[.)]\s+\S/.test(line));
  const parts = steps.length ? steps.map((step) => step.replace(/^\s*\d+[.)]\s+/, "")) : [insight.content.split(/\n\s*\n/)[0] ?? ""];
  return parts.every((part) => content.includes(squash(part)));
}

/** Lowercased with whitespace collapsed, so line breaks and numbering styles do not hide the same words. */
const squash = (text: string) => text.toLowerCase().replace(/\s+/g, " ").trim();

function freePath(path: string, taken: ReadonlySet<string>): string {
  if (!taken.has(path)) return path;
  const [, stem = path, extension = ""] = /^(.*?)(\.[a-z0-9]+)?$/i.exec(path) ?? [];
  for (let suffix = 2; ; suffix++) {
    const candidate = `${stem}-${suffix}${extension}`;
    if (!taken.has(candidate)) return candidate;
  }
}
