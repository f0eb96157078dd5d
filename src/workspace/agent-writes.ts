// What an agent read and wrote: the version of each path it last saw, and the outcome of each write by operation id.
import type { WorkspaceWriter } from "../schemas/workspace";

/** A write or an edit an agent asks for; the workspace decides, against what it last read, whether it applies. */
export type AgentChange = { kind: "write"; content: string } | { kind: "edit"; old_string: string; new_string: string; replace_all: boolean };

export interface AgentWrite {
  reader: WorkspaceWriter;
  path: string;
  /** The tool call's id: a re-run of the same call returns the first outcome and changes nothing. */
  operation_id: string;
  change: AgentChange;
}

/** Outcomes are stored, and a stored value must stay far below SQLite's value limit. */
export const CONFLICT_TEXT_CHARS = 100_000;

export interface CurrentFile {
  version: number;
  size_bytes: number;
  is_text: boolean;
  /** The content when it is text (its first CONFLICT_TEXT_CHARS characters), else null. */
  text: string | null;
  text_truncated: boolean;
  written_by: WorkspaceWriter;
  written_at: string;
}

export type AgentWriteOutcome =
  | { status: "written"; path: string; version: number; created: boolean; replacements: number | null }
  | { status: "conflict"; path: string; reason: string; current: CurrentFile | null }
  | { status: "failed"; path: string; reason: string };

/** The reader key of an agent: one per session today, one per thread once threads exist. */
const readerKey = (reader: WorkspaceWriter) => (reader.type === "person" ? `person:${reader.api_key_id}` : `${reader.type}:${reader.id}`);

export function knownVersion(sql: SqlStorage, reader: WorkspaceWriter, path: string): number | null {
  return sql.exec<{ version: number }>("SELECT version FROM agent_reads WHERE reader = ? AND path = ?", readerKey(reader), path).toArray()[0]?.version ?? null;
}

export function recordRead(sql: SqlStorage, reader: WorkspaceWriter, path: string, version: number): void {
  sql.exec(
    "INSERT INTO agent_reads (reader, path, version) VALUES (?, ?, ?) ON CONFLICT (reader, path) DO UPDATE SET version = excluded.version",
    readerKey(reader),
    path,
    version,
  );
}

export function forgetRead(sql: SqlStorage, reader: WorkspaceWriter, path: string): void {
  sql.exec("DELETE FROM agent_reads WHERE reader = ? AND path = ?", readerKey(reader), path);
}

export function findAppliedOperation(sql: SqlStorage, operationId: string): AgentWriteOutcome | null {
  const row = sql.exec<{ outcome: string }>("SELECT outcome FROM applied_operations WHERE operation_id = ?", operationId).toArray()[0];
  return row ? (JSON.parse(row.outcome) as AgentWriteOutcome) : null;
}

/** Every outcome is kept, conflicts too: a re-run after a conflict must not write what the agent has not yet seen fail. */
export function recordAppliedOperation(sql: SqlStorage, operationId: string, outcome: AgentWriteOutcome, at: string): void {
  sql.exec("INSERT INTO applied_operations (operation_id, outcome, applied_at) VALUES (?, ?, ?)", operationId, JSON.stringify(outcome), at);
}
