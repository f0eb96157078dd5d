// The machine-readable JSON blocks that request builders put in prompts (`<tag>` JSON `</tag>`), shared with the simulator that answers from them.
import { z } from "zod";
import { ClusterId, Evidence, ObservationKind, SessionDigest } from "./dream";
import { MemoryAuthor } from "./memory";
import { GradingBrief } from "./outcome";

/** A cluster as synthesis shows it: its key, a representative statement, the distinct statements, and its sessions. */
export const ClusterBrief = z.object({
  id: ClusterId,
  kind: ObservationKind,
  tool: z.string().optional(),
  error_signature: z.string().optional(),
  representative: z.string(),
  statements: z.array(z.string()),
  support: z.number().int().min(1),
  prior_support: z.number().int().min(0),
  session_ids: z.array(z.string()),
});
export type ClusterBrief = z.infer<typeof ClusterBrief>;

/** An existing memory that resembles an insight, as curation shows it. */
export const RelatedMemoryBrief = z.object({
  path: z.string(),
  author: MemoryAuthor.shape.type,
  /** Cosine similarity of the memory's words to the insight's (src/dreaming/curation-phase.ts). */
  similarity: z.number(),
  support_count: z.number().int(),
  content: z.string(),
});
export type RelatedMemoryBrief = z.infer<typeof RelatedMemoryBrief>;

/** An insight as curation shows it, with the memories it resembles. */
export const InsightBrief = z.object({
  title: z.string(),
  kind: z.enum(["note", "playbook"]),
  content: z.string(),
  path: z.string(),
  tool: z.string().optional(),
  error_signature: z.string().optional(),
  support: z.number().int().min(1),
  evidence: z.array(Evidence),
  related_memories: z.array(RelatedMemoryBrief),
});
export type InsightBrief = z.infer<typeof InsightBrief>;

export const StoreSummary = z.object({
  memory_count: z.number().int().min(0),
  total_bytes: z.number().int().min(0),
  max_memories: z.number().int().min(0),
  max_total_bytes: z.number().int().min(0),
  /** Every path, up to a limit; `paths_omitted` counts the rest. */
  paths: z.array(z.string()),
  paths_omitted: z.number().int().min(0),
});
export type StoreSummary = z.infer<typeof StoreSummary>;

/** Every block a prompt may carry, by tag. */
export const PromptBlocks = {
  digests: z.array(SessionDigest),
  clusters: z.array(ClusterBrief),
  insights: z.array(InsightBrief),
  store_summary: StoreSummary,
  digest: SessionDigest,
  existing_paths: z.array(z.string()),
  grading: GradingBrief,
};
export type PromptBlockTag = keyof typeof PromptBlocks;
type BlockValue<T extends PromptBlockTag> = z.infer<(typeof PromptBlocks)[T]>;

/** `<tag>`, the value as one line of JSON, `</tag>`. */
export function jsonBlock<T extends PromptBlockTag>(tag: T, value: BlockValue<T>): string {
  return `<${tag}>\n${blockJson(value)}\n</${tag}>`;
}

/** One line of JSON with `<` escaped, so no quoted text (a user's message) can close its block early. */
export function blockJson(value: unknown): string {
  return JSON.stringify(value).replaceAll("<", "\\u003c");
}

/** The block's value if the text holds a well-formed one, else undefined. */
export function readJsonBlock<T extends PromptBlockTag>(text: string, tag: T): BlockValue<T> | undefined {
  const match = new RegExp(`<${tag}>\\n(.*)\\n</${tag}>`).exec(text);
  if (!match?.[1]) return undefined;
  try {
    const parsed = PromptBlocks[tag].safeParse(JSON.parse(match[1]));
    return parsed.success ? (parsed.data as BlockValue<T>) : undefined;
  } catch {
    return undefined;
  }
}

/** The dream's own instructions from the person who started it, as every phase's prompt opens with them. */
export function dreamGuidance(instructions: string | undefined): string {
  return instructions ? `Guidance from the person who started this dream:\n${instructions}\n\n` : "";
}
