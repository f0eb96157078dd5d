// The poisoning rule shared by dreaming and reflection: content is at risk when it reads as instructions and rests on text someone other than Lucid wrote.
import type { Evidence, InstructionFinding } from "../schemas/dream";
import { describeFindings, detectInstructionLike } from "./instruction-like";
import { type CitedSource, type SourceIndex, untrustedSourcesOf } from "./source-trust";

export interface PoisoningRisk {
  signals: InstructionFinding[];
  /** The cited events whose text someone other than Lucid wrote. */
  untrusted: CitedSource[];
  /** `instruction-like (exfiltration ("…")) and its evidence includes text others wrote (tool_result: 1 event)`. */
  summary: string;
}

/**
 * Null unless both hold: the content shows an instruction-like signal (instruction-like.ts) and its evidence cites an
 * event that is not trusted (source-trust.ts). A person's own message counts: they may paste text they did not write,
 * and a memory that tells the agent to send data somewhere is worth one look by a person whoever proposed it.
 */
export function poisoningRiskOf(content: string, evidence: readonly Evidence[], sources: SourceIndex): PoisoningRisk | null {
  const signals = detectInstructionLike(content);
  if (signals.length === 0) return null;
  const untrusted = untrustedSourcesOf(evidence, sources);
  if (untrusted.length === 0) return null;
  const kinds = [...new Set(untrusted.map((cited) => cited.source))].join(", ");
  const events = `${untrusted.length} event${untrusted.length > 1 ? "s" : ""}`;
  return { signals, untrusted, summary: `instruction-like (${describeFindings(signals)}) and its evidence includes text others wrote (${kinds}: ${events})` };
}

/** The risk of content with no evidence to weigh, arriving from a source that is untrusted by definition (see src/memory/quarantine.ts). */
export function contentRiskOf(content: string): PoisoningRisk | null {
  const signals = detectInstructionLike(content);
  if (signals.length === 0) return null;
  return { signals, untrusted: [], summary: `instruction-like (${describeFindings(signals)}) and written by a source that is not trusted` };
}
