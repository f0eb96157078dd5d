// Deterministic token estimates (a token per four characters of JSON) and the prompt-cache prefix of a request.
import type { ScriptedBlock } from "./reply-schema";
import type { CountTokensRequest } from "./request-schema";

export const CHARS_PER_TOKEN = 4;
const tokensForChars = (chars: number) => Math.ceil(chars / CHARS_PER_TOKEN);

type Prompt = Pick<CountTokensRequest, "tools" | "system" | "messages">;

export interface PromptEstimate {
  tokens: number;
  /** The pieces up to and including the last one marked `cache_control`; null when nothing is marked. */
  cachedPrefix: { json: string; tokens: number } | null;
}

export interface InputUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** The prompt in the order the API caches it (tools, then system, then messages), one piece per tool, block or string. */
function promptPieces(prompt: Prompt): unknown[] {
  const system = typeof prompt.system === "string" ? [prompt.system] : (prompt.system ?? []);
  const messages = prompt.messages.flatMap<unknown>((message) => (typeof message.content === "string" ? [message.content] : message.content));
  return [...(prompt.tools ?? []), ...system, ...messages];
}

const isCacheBreakpoint = (piece: unknown) => typeof piece === "object" && piece !== null && "cache_control" in piece && piece.cache_control != null;
const charsOf = (pieces: unknown[]) => pieces.reduce<number>((sum, piece) => sum + JSON.stringify(piece).length, 0);

export function estimatePrompt(prompt: Prompt): PromptEstimate {
  const pieces = promptPieces(prompt);
  const breakpoint = pieces.findLastIndex(isCacheBreakpoint);
  const prefix = pieces.slice(0, breakpoint + 1);
  return {
    tokens: tokensForChars(charsOf(pieces)),
    cachedPrefix: breakpoint < 0 ? null : { json: JSON.stringify(prefix), tokens: tokensForChars(charsOf(prefix)) },
  };
}

/** Splits the prompt's tokens: a prefix seen before is read from the cache, a new one is written to it. */
export function inputUsage(estimate: PromptEstimate, prefixSeenBefore: boolean): InputUsage {
  const cached = estimate.cachedPrefix?.tokens ?? 0;
  return {
    input_tokens: estimate.tokens - cached,
    cache_creation_input_tokens: prefixSeenBefore ? 0 : cached,
    cache_read_input_tokens: prefixSeenBefore ? cached : 0,
  };
}

/** Identifies a cached prefix without storing the prompt itself. */
export async function prefixHash(json: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(json));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function outputChars(block: ScriptedBlock): number {
  return block.type === "text" ? block.text.length : block.name.length + JSON.stringify(block.input).length;
}

/** At least one token, as the real API reports even for an empty reply. */
export function estimateOutputTokens(content: ScriptedBlock[]): number {
  return Math.max(1, tokensForChars(content.reduce((sum, block) => sum + outputChars(block), 0)));
}
