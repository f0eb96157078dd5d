// Dream phase 3, memory curation: sets insights beside the memories they resemble and asks, with one forced `propose_operations` call, for small local operations.
import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import { type DreamOperation, type Insight, type MemoryEntry, ProposedOperation } from "../schemas/dream";
import { truncateText } from "../transcript/bounded-text";
import { forcedTool, type ModelReply, readForcedToolInput } from "../model/structured-output";
import { type InsightBrief, jsonBlock, type StoreSummary, dreamGuidance } from "../schemas/prompt-blocks";
import { cosineSimilarity, wordCounts } from "./text-similarity";
import { UNTRUSTED_CONTENT_RULE, untrustedContent } from "../safety/untrusted-content";
import { isQuarantinedPath } from "../memory/quarantine";

export const PROPOSE_OPERATIONS = "propose_operations";
const MAX_TOKENS = 8_192;
const RELATED_CONTENT_SHOWN = 2_000;
const PATHS_SHOWN = 200;

/**
 * Cosine over content words (no stopwords): finding related memories is recall for the model's judgement, so the bar is
 * low. Unrelated notes of one store share a few everyday words and score about 0.05–0.15; a memory on the same tool or
 * topic shares its distinctive words and scores well above 0.25. At most RELATED_LIMIT per insight bounds the prompt.
 */
export const RELATED_MEMORY = 0.25;
export const RELATED_LIMIT = 5;

export const ProposeOperationsInput = z.object({ operations: z.array(ProposedOperation).max(100) });

const SYSTEM = `You curate an AI agent's memory store: Markdown files at paths. New insights from recent sessions arrive, each with the existing memories that resemble it.
Propose small, local operations, each with a reason and the insight's evidence copied exactly:
- update: an existing memory says the same thing; rewrite it to include what is new.
- supersede: newer evidence shows an existing memory is wrong or outdated; write the replacement at \`path\` and list the old paths in target_paths (the old memory is archived, not lost). Set contradicts when the new content contradicts it.
- merge: two or more existing memories say the same thing; write the combined content at \`path\` and list the merged paths in target_paths.
- create: nothing covers the insight; write it at a new path that does not exist yet.
- delete: only a memory the evidence shows to be wrong, with nothing to replace it.
Never rewrite the store wholesale and never touch memories the insights do not concern. Memories written by a person (author "person") are changed only when the evidence clearly requires it.
Stay within the store's budget (max_memories, max_total_bytes). Call ${PROPOSE_OPERATIONS} once with every operation; an empty list is a valid answer.

${UNTRUSTED_CONTENT_RULE}`;

export interface RelatedMemory {
  memory: MemoryEntry;
  similarity: number;
}

/** The live memories (not archived, not quarantined) most like the insight, most similar first, at most RELATED_LIMIT. */
export function findRelatedMemories(insight: Insight, memories: readonly MemoryEntry[]): RelatedMemory[] {
  const insightWords = wordCounts([insight.title, insight.content, pathWords(insight.path), insight.tool, insight.error_signature].join(" "));
  return memories
    .filter((memory) => memory.superseded_by === undefined && !isQuarantinedPath(memory.path))
    .map((memory) => ({ memory, similarity: round(cosineSimilarity(insightWords, wordCounts(`${pathWords(memory.path)} ${memory.content}`))) }))
    .filter((related) => related.similarity >= RELATED_MEMORY)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, RELATED_LIMIT);
}

export function summariseStore(memories: readonly MemoryEntry[], budget: { maxMemories: number; maxTotalBytes: number }): StoreSummary {
  const encoder = new TextEncoder();
  return {
    memory_count: memories.length,
    total_bytes: memories.reduce((sum, memory) => sum + encoder.encode(memory.content).byteLength, 0),
    max_memories: budget.maxMemories,
    max_total_bytes: budget.maxTotalBytes,
    paths: memories.slice(0, PATHS_SHOWN).map((memory) => memory.path),
    paths_omitted: Math.max(0, memories.length - PATHS_SHOWN),
  };
}

/** `relatedMemories[i]` are the memories related to `insights[i]` (from findRelatedMemories). */
export function buildCurationRequest(input: {
  insights: readonly Insight[];
  relatedMemories: ReadonlyArray<readonly RelatedMemory[]>;
  storeSummary: StoreSummary;
  instructions?: string;
  model: string;
}): Anthropic.MessageCreateParamsNonStreaming {
  if (input.relatedMemories.length !== input.insights.length) {
    throw new Error(`relatedMemories has ${input.relatedMemories.length} lists for ${input.insights.length} insights; give one list per insight`);
  }
  const briefs = input.insights.map((insight, index) => insightBrief(insight, input.relatedMemories[index] ?? []));
  const guidance = dreamGuidance(input.instructions);
  return {
    model: input.model,
    max_tokens: MAX_TOKENS,
    system: SYSTEM,
    ...forcedTool(PROPOSE_OPERATIONS, "Propose the operations that fold the insights into the memory store.", ProposeOperationsInput),
    messages: [
      {
        role: "user",
        content: `${guidance}The memory store:\n${jsonBlock("store_summary", input.storeSummary)}\n\nInsights and the memories they resemble:\n${untrustedContent("insights from session transcripts", jsonBlock("insights", briefs))}`,
      },
    ],
  };
}

/** The proposed operations, numbered `op_1`, `op_2`, … in the order proposed (a dream makes one curation call). */
export function parseCurationReply(reply: ModelReply): DreamOperation[] {
  const { operations } = readForcedToolInput(reply, PROPOSE_OPERATIONS, ProposeOperationsInput);
  return operations.map((operation, index) => ({ id: `op_${index + 1}`, ...operation }));
}

function insightBrief(insight: Insight, related: readonly RelatedMemory[]): InsightBrief {
  return {
    title: insight.title,
    kind: insight.kind,
    content: insight.content,
    path: insight.path,
    ...(insight.tool ? { tool: insight.tool } : {}),
    ...(insight.error_signature ? { error_signature: insight.error_signature } : {}),
    support: insight.support,
    evidence: insight.evidence,
    related_memories: related.map(({ memory, similarity }) => ({
      path: memory.path,
      author: memory.author.type,
      similarity,
      support_count: memory.support_count,
      content: truncateText(memory.content, RELATED_CONTENT_SHOWN),
    })),
  };
}

/** A path's words: its segments without the `.md` extension. */
const pathWords = (path: string) => path.replace(/\.md$/i, "").replaceAll("/", " ");

const round = (value: number) => Math.round(value * 1000) / 1000;
