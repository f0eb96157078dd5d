// The memory poisoning screen on curation's operations: strips hidden characters (keeping them visible for review) and quarantines instruction-like content that rests on text others wrote.
import type { DreamOperation, OperationQuarantine } from "../schemas/dream";
import { findHiddenCharacters, revealHiddenCharacters, stripHiddenCharacters } from "../safety/hidden-characters";
import { poisoningRiskOf } from "../safety/poisoning-risk";
import type { SourceIndex } from "../safety/source-trust";

/** Sources named in a quarantine; the reason counts the rest. */
const SOURCES_SHOWN = 20;

/**
 * The operation as the changeset keeps it: content without hidden characters (`hidden_characters` shows what was
 * there), a reason with them written out, and `quarantine` when poisoningRiskOf finds its content instruction-like and
 * resting on text someone other than Lucid wrote. A quarantined operation holds its dream for a person whatever the
 * agent's mode.
 */
export function screenOperation(operation: DreamOperation, sources: SourceIndex): DreamOperation {
  const proposed = operation.content;
  const screened: DreamOperation = { ...operation, reason: revealHiddenCharacters(operation.reason) };
  if (proposed !== undefined) screened.content = stripHiddenCharacters(proposed);
  const hidden = findHiddenCharacters(`${proposed ?? ""}${operation.reason}`);
  if (hidden.length) {
    const contentHidden = proposed !== undefined && screened.content !== proposed;
    screened.hidden_characters = { characters: hidden, revealed_content: contentHidden ? revealHiddenCharacters(proposed) : null };
  }
  const quarantine = proposed === undefined ? null : quarantineOf(operation, proposed, sources);
  if (quarantine) screened.quarantine = quarantine;
  return screened;
}

function quarantineOf(operation: DreamOperation, content: string, sources: SourceIndex): OperationQuarantine | null {
  const risk = poisoningRiskOf(content, operation.evidence, sources);
  if (!risk) return null;
  return {
    reason: `${operation.id} (${operation.op} ${operation.path}) is quarantined: its content is ${risk.summary}`,
    signals: risk.signals,
    sources: risk.untrusted.slice(0, SOURCES_SHOWN),
  };
}
