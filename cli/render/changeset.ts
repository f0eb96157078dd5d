// A dream's changeset for people: each operation as a line diff of memory before and after, its reason, and the
// sessions (and events) it rests on; then what the guards refused and the contradictions they flagged.
import type { Dream } from "../../client/index";
import type { DreamOperation } from "../../src/schemas/dream";
import { diffLines } from "../../client/line-diff";
import { formatDiff } from "./format-diff";

/** Reads a memory's current content in the dream's input store; null when there is none at that path. */
export type MemoryReader = (path: string) => Promise<string | null>;

export async function renderChangeset(dream: Dream, readBefore: MemoryReader): Promise<string[]> {
  const lines = [`${dream.id}  ${dream.status} · phase ${dream.phase} · review ${dream.review.state}${dream.agent_id ? ` · agent ${dream.agent_id}` : ""}`];
  for (const reason of dream.review.reasons) lines.push(`  held: ${reason}`);
  const changeset = dream.changeset;
  if (!changeset) return [...lines, "  no changeset yet"];
  if (!changeset.operations.length) lines.push("  no operations proposed: memory stays as it is");
  const approved = dream.review.approved_operation_ids;
  for (const operation of changeset.operations) {
    const edit = dream.review.edits.find((candidate) => candidate.operation_id === operation.id);
    lines.push("", ...(await renderOperation(operation, readBefore, approved ? approved.includes(operation.id) : null, edit?.content)));
  }
  for (const refused of changeset.refused) lines.push("", `refused ${refused.operation.op} ${refused.operation.path}: ${refused.why}`);
  for (const flag of changeset.flags) lines.push("", `contradiction (${flag.operation_id}): ${flag.paths[0]} vs ${flag.paths[1]}: ${flag.detail}`);
  return lines;
}

/** `editedContent`: what the reviewer applied instead of the proposed content. */
async function renderOperation(operation: DreamOperation, readBefore: MemoryReader, approved: boolean | null, editedContent?: string): Promise<string[]> {
  const decision =
    approved === null ? "" : approved ? (editedContent === undefined ? "  [approved]" : "  [approved, edited by the reviewer]") : "  [not approved]";
  const targets = operation.target_paths?.length ? ` ← ${operation.target_paths.join(", ")}` : "";
  const lines = [`${operation.id}  ${operation.op}  ${operation.path}${targets}${decision}`, `  why:  ${operation.reason}`];
  lines.push(`  from: ${sources(operation) || "no sessions cited"}`);
  if (operation.contradicts) lines.push(`  contradicts: ${operation.contradicts}`);
  if (operation.quarantine) {
    lines.push(`  quarantined: ${operation.quarantine.reason} (${operation.quarantine.signals.map((signal) => signal.signal).join(", ")})`);
  }
  if (operation.hidden_characters)
    lines.push(
      `  hidden characters stripped: ${operation.hidden_characters.characters.map((character) => `${character.code_point}×${character.count}`).join(", ")}`,
    );
  const before = await beforeText(operation, readBefore);
  lines.push(...formatDiff(diffLines(before, editedContent ?? operation.content ?? ""), "    "));
  return lines;
}

/** The sessions an operation rests on, with how many of each one's events it cites. */
function sources(operation: DreamOperation): string {
  return operation.evidence
    .map((item) => `${item.session_id} (${item.event_ids.length} event${item.event_ids.length === 1 ? "" : "s"}: ${item.event_ids.join(", ")})`)
    .join("; ");
}

/** What the operation replaces: the memory at its path and those it merges or supersedes, as they stand now. */
async function beforeText(operation: DreamOperation, readBefore: MemoryReader): Promise<string> {
  const paths = [...new Set([operation.path, ...(operation.target_paths ?? [])])];
  const contents = await Promise.all(paths.map(async (path) => ({ path, content: await readBefore(path) })));
  const existing = contents.filter((entry): entry is { path: string; content: string } => entry.content !== null);
  if (existing.length === 1 && existing[0]!.path === operation.path) return existing[0]!.content;
  return existing.map((entry) => `# ${entry.path}\n${entry.content}`).join("\n");
}
