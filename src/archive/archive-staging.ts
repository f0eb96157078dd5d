// An archive import as each object sees it: rows staged under an import id, invisible until the object's own record
// (agent, store or dream) is committed, and wiped if the import is abandoned.
import { conflict } from "../platform/errors";
import type { ArchiveRecord } from "../schemas/agent-archive";
import { archiveLineError } from "./archive-lines";
import { type ArchiveTable, clearArchiveTables, writeArchiveRecord } from "./archive-rows";

const IMPORT_ID_KEY = "archive_import.id";
const PRIMARY_KEY = "archive_import.primary";

/** What an object tells the staging about itself: its storage, its tables, and whether it already holds its resource. */
export interface StagingHost {
  storage: DurableObjectStorage;
  sql: SqlStorage;
  /** The tables the archive restores, the object's own record's table first. */
  tables: readonly ArchiveTable[];
  /** `Agent 'agent_…'`, for messages. */
  what: string;
  exists: boolean;
}

/**
 * The one answer to an id an import cannot take, whoever holds it: the caller, another tenant, or another import under
 * way. It says no more than that the id is in use, so it tells a caller nothing of resources it cannot see (ids are 120
 * random bits: only someone who already holds one can ask) beyond what refusing to overwrite them must.
 */
function idInUse(host: StagingHost): never {
  throw conflict(`${host.what} is in use in this deployment; an archive restores only what is missing. Import it where its ids are free.`);
}

/**
 * Claims the object for an import. An object holding its resource is never touched; rows left by an import that
 * died half-way are cleared. Every object's own record is kept aside until the commit, so nothing reads a half import.
 */
export function beginStaging(host: StagingHost, importId: string): void {
  if (host.exists) idInUse(host);
  host.storage.transactionSync(() => {
    clearArchiveTables(host.sql, host.tables);
    host.storage.kv.delete(PRIMARY_KEY);
    host.storage.kv.put(IMPORT_ID_KEY, importId);
  });
}

/** Stages records read from consecutive lines of the archive, the first at `firstLine`, so a refusal names its line. */
export function stageRecords(host: StagingHost, importId: string, records: ArchiveRecord[], firstLine: number): void {
  requireImport(host, importId);
  const primary = host.tables[0]!.record;
  host.storage.transactionSync(() => {
    records.forEach((record, index) => {
      if (record.type === primary) return host.storage.kv.put(PRIMARY_KEY, record);
      const problem = writeArchiveRecord(host.sql, host.tables, record);
      if (problem) throw archiveLineError(firstLine + index, problem);
    });
  });
}

/** Writes the object's own record (with the importing tenant), which makes the staged rows live; `finish` runs in the same transaction. */
export function commitStaging(host: StagingHost, importId: string, tenantId: string, finish?: () => void): void {
  requireImport(host, importId);
  const primary = host.storage.kv.get<ArchiveRecord>(PRIMARY_KEY);
  if (!primary) throw new Error(`${host.what}: the import committed without its own record`);
  host.storage.transactionSync(() => {
    writeArchiveRecord(host.sql, host.tables, primary, { tenant_id: tenantId });
    host.storage.kv.delete(PRIMARY_KEY);
    host.storage.kv.delete(IMPORT_ID_KEY);
    finish?.();
  });
}

/** Forgets what this import staged here; an object that holds its resource (committed, or never ours) keeps it. */
export function abandonStaging(host: StagingHost, importId: string): void {
  if (host.exists || host.storage.kv.get(IMPORT_ID_KEY) !== importId) return;
  host.storage.transactionSync(() => {
    clearArchiveTables(host.sql, host.tables);
    host.storage.kv.delete(PRIMARY_KEY);
    host.storage.kv.delete(IMPORT_ID_KEY);
  });
}

function requireImport(host: StagingHost, importId: string): void {
  if (host.exists || host.storage.kv.get(IMPORT_ID_KEY) !== importId) idInUse(host);
}
