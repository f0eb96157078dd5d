// Rows of an object's tables as agent-archive records and back, one spec per table, read in bounded pages.
import type { ArchiveRecord, ArchiveRecordType } from "../schemas/agent-archive";

export interface ArchiveTable {
  record: ArchiveRecordType;
  table: string;
  /** The columns the archive carries, named as the record names them. */
  columns: readonly string[];
  /** Columns holding JSON text: parsed into the record, written back as text. */
  json: readonly string[];
  /** The record field naming the object a row belongs to (its store or dream): added on export, not a column. */
  owner?: "memory_store_id" | "dream_id";
  /** Columns the table needs that the record holds elsewhere (an event's id and type live in its body). */
  derived?: (record: Record<string, unknown>) => Record<string, SqlStorageValue>;
  /** What is wrong with the record beside the rows already staged (two memories at overlapping paths), or null. */
  conflict?: (sql: SqlStorage, record: Record<string, unknown>) => string | null;
}

/** Where an export stopped: the table it was reading, and the last rowid it read there. */
export type ArchiveCursor = { table: number; after: number };
export type ArchivePage = { records: ArchiveRecord[]; next: ArchiveCursor | null };

export const FIRST_PAGE: ArchiveCursor = { table: 0, after: 0 };

/** A page stays well below the RPC size limit whatever the rows hold (a memory alone may be 100 kB). */
const PAGE_RECORDS = 200;
const PAGE_CHARS = 4_000_000;

export const eventBodyColumns = (record: Record<string, unknown>) => {
  const body = record.body as { id: string; type: string; processed_at: string | null };
  return { id: body.id, type: body.type, processed_at: body.processed_at ?? new Date(0).toISOString() };
};

/** The next records in table order, then rowid order (an event's rowid is its seq, so transcripts stay in order). */
export function readArchivePage(sql: SqlStorage, tables: readonly ArchiveTable[], cursor: ArchiveCursor, ownerId?: string): ArchivePage {
  const records: ArchiveRecord[] = [];
  let chars = 0;
  let { table, after } = cursor;
  while (table < tables.length && records.length < PAGE_RECORDS && chars < PAGE_CHARS) {
    const spec = tables[table]!;
    const rows = sql.exec<Record<string, SqlStorageValue>>(
      `SELECT rowid AS archive_rowid, ${spec.columns.join(", ")} FROM ${spec.table} WHERE rowid > ? ORDER BY rowid`,
      after,
    );
    let exhausted = true;
    for (const row of rows) {
      records.push(recordOf(spec, row, ownerId));
      chars += Object.values(row).reduce<number>((sum, value) => sum + (typeof value === "string" ? value.length : 8), 0);
      after = Number(row.archive_rowid);
      if (records.length >= PAGE_RECORDS || chars >= PAGE_CHARS) {
        exhausted = false;
        break;
      }
    }
    if (exhausted) table++, (after = 0);
  }
  return { records, next: table < tables.length ? { table, after } : null };
}

function recordOf(spec: ArchiveTable, row: Record<string, SqlStorageValue>, ownerId?: string): ArchiveRecord {
  const record: Record<string, unknown> = { type: spec.record };
  if (spec.owner) record[spec.owner] = ownerId;
  for (const column of spec.columns) {
    const value = row[column] ?? null;
    record[column] = spec.json.includes(column) && typeof value === "string" ? JSON.parse(value) : value;
  }
  return record as ArchiveRecord;
}

/**
 * Inserts one record as the row it was exported from; `extra` adds columns the archive leaves out (the tenant). Returns
 * why the record cannot be stored beside those staged before it (a repeated id, an overlapping path), or null once written.
 */
export function writeArchiveRecord(
  sql: SqlStorage,
  tables: readonly ArchiveTable[],
  record: ArchiveRecord,
  extra: Record<string, SqlStorageValue> = {},
): string | null {
  const spec = tables.find((table) => table.record === record.type);
  if (!spec) throw new Error(`no table takes ${record.type} records here`);
  const fields = record as unknown as Record<string, unknown>;
  const conflict = spec.conflict?.(sql, fields);
  if (conflict) return conflict;
  const row: Record<string, SqlStorageValue> = { ...spec.derived?.(fields), ...extra };
  for (const column of spec.columns) {
    const value = fields[column] ?? null;
    row[column] = spec.json.includes(column) && value !== null ? JSON.stringify(value) : (value as SqlStorageValue);
  }
  const columns = Object.keys(row);
  try {
    sql.exec(`INSERT INTO ${spec.table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`, ...Object.values(row));
    return null;
  } catch (error) {
    // Only the table's own keys can refuse a valid record: its id, sequence number or path repeats an earlier record's.
    const repeated = /UNIQUE constraint failed: ([\w.]+)/.exec(String(error))?.[1];
    if (repeated) return `the ${record.type} repeats the ${repeated.split(".")[1]} of an earlier record.`;
    throw error;
  }
}

export function clearArchiveTables(sql: SqlStorage, tables: readonly ArchiveTable[]): void {
  for (const spec of tables) sql.exec(`DELETE FROM ${spec.table}`);
}
