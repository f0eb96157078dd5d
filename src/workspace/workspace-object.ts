// WorkspaceObject: one per workspace (today one per session). Versioned files in chunks with their past versions,
// guarded writes, and the file tools' reads, writes, globs and greps, each agent write checked against the version
// that agent last read.
import { DurableObject } from "cloudflare:workers";
import { ApiError, invalidRequest, notFound } from "../platform/errors";
import { type AbsentAnswers, invokeGuarded, type RpcSurface } from "../platform/rpc-door";
import type { Env } from "../env";
import type { PageQuery } from "../schemas/common";
import { MAX_GREP_MATCHES, SEARCH_SLICE_STEPS } from "../schemas/limits";
import type {
  DeletedWorkspaceFile,
  WorkspaceFile,
  WorkspaceFileListQuery,
  WorkspaceFileVersion,
  WorkspaceWriter,
  WritePrecondition,
} from "../schemas/workspace";
import { ObjectSchema } from "../storage/object-schema";
import { decodeCursor, toPage } from "../storage/page-cursor";
import {
  type AgentWrite,
  type AgentWriteOutcome,
  CONFLICT_TEXT_CHARS,
  type CurrentFile,
  findAppliedOperation,
  forgetRead,
  knownVersion,
  recordAppliedOperation,
  recordRead,
} from "./agent-writes";
import { archiveFile, findVersion, pruneHistory, recordDeletion, renderVersion, versionsOf } from "./file-history";
import { type FileContent, type FileRow, filesUnder, findFile, readChunksFrom, readContent, readText, renderFile, storeFile } from "./file-records";
import { type GlobSlice, type GrepCursor, type GrepQuery, type GrepSlice, globMatcher, globSlice, grepLineBytes, grepSlice } from "./file-search";
import { compileGrepPattern } from "./search-pattern";
import { WORKSPACE_MIGRATIONS } from "./schema";
import { replaceExact } from "./text-edit";
import { historyMaxBytes, MAX_FILE_BYTES, MAX_WORKSPACE_BYTES, MAX_WORKSPACE_FILES } from "./workspace-limits";
import { normalizeWorkspaceFolder, normalizeWorkspacePath } from "./workspace-path";

type WorkspaceRow = { tenant_id: string; last_version: number; total_bytes: number };

export interface AgentRead {
  file: WorkspaceFile;
  /** The content when the file is text; null for binary files, which the tools do not read. */
  text: string | null;
}

/** The methods callers may invoke through the RPC door (platform/rpc-door.ts); no other is reachable. */
export const WORKSPACE_RPC = [
  "getFile",
  "getFileVersion",
  "listFileVersions",
  "getFileMetadata",
  "putFile",
  "deleteFile",
  "listFiles",
  "deleteWorkspace",
  "readForAgent",
  "writeForAgent",
  "globFiles",
  "grepFiles",
] as const satisfies RpcSurface<WorkspaceObject>;

/** The first write creates a workspace, and with it its object's storage. */
const WORKSPACE_CREATORS = ["putFile", "writeForAgent"] as const satisfies readonly (typeof WORKSPACE_RPC)[number][];

/** What reads answer on a workspace nothing was written to yet: it has no files, and nothing is created to say so. */
function absentWorkspace(workspaceId: string): AbsentAnswers<WorkspaceObject> {
  const noFile = (_tenantId: string, rawPath: string) => {
    throw notFound("Workspace file", requirePath(rawPath));
  };
  return {
    getFile: noFile,
    getFileMetadata: noFile,
    deleteFile: noFile,
    getFileVersion: (_tenantId, rawPath, version) => {
      throw noSuchVersion(requirePath(rawPath), version);
    },
    listFileVersions: (tenantId, rawPath, query) => {
      if (!query.page) noFile(tenantId, rawPath);
      return { data: [], next_page: null };
    },
    listFiles: (_tenantId, query) => {
      const folder = normalizeWorkspaceFolder(query.prefix);
      if (!folder.ok) throw invalidRequest(`prefix: ${folder.problem}`);
      return { data: [], next_page: null };
    },
    readForAgent: (_tenantId, _reader, rawPath) => {
      requirePath(rawPath);
      return null;
    },
    // Patterns are checked all the same, so a refused one is refused whether or not the workspace has files.
    globFiles: (_tenantId, pattern, rawFolder) => {
      globMatcher(pattern, requireFolder(rawFolder));
      return { paths: [], next: null, steps: 0 };
    },
    grepFiles: (_tenantId, query) => {
      const { pattern } = prepareGrep(query);
      return { matches: [], next: null, steps: 0, cut_lines: 0, line_bytes: grepLineBytes(pattern) };
    },
    deleteWorkspace: () => undefined,
    otherwise: () => notFound("Workspace", workspaceId),
  };
}

export class WorkspaceObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly schema: ObjectSchema;
  private readonly historyMaxBytes: number;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.historyMaxBytes = historyMaxBytes(env.LUCID_WORKSPACE_HISTORY_MAX_BYTES);
    this.schema = new ObjectSchema(this.sql, WORKSPACE_MIGRATIONS);
  }

  /** The one RPC entry point callers use (see platform/rpc-door.ts). */
  invoke(method: string, args: unknown[]) {
    return invokeGuarded(this, method, args, WORKSPACE_RPC, {
      schema: this.schema,
      creators: WORKSPACE_CREATORS,
      absent: absentWorkspace(this.ctx.id.name ?? "(unnamed)"),
    });
  }

  // --- Files, as the API reaches them ---

  getFile(tenantId: string, rawPath: string): { file: WorkspaceFile; bytes: Uint8Array } {
    this.requireTenant(tenantId);
    const row = this.requireFile(requirePath(rawPath));
    return { file: renderFile(row), bytes: readContent(this.sql, row.seq, row.size_bytes) };
  }

  /** One version's content, live or past; a delete, a pruned version or one the path never had is not found. */
  getFileVersion(tenantId: string, rawPath: string, version: number): { file: WorkspaceFileVersion; bytes: Uint8Array } {
    this.requireTenant(tenantId);
    const path = requirePath(rawPath);
    const row = findVersion(this.sql, path, version);
    if (!row) throw noSuchVersion(path, version);
    if (row.content_seq === null) throw new ApiError("not_found_error", `${path} was deleted at version ${version}; that version has no content.`);
    return { file: renderVersion(row), bytes: readContent(this.sql, row.content_seq, row.size_bytes) };
  }

  /** The versions of a path newest first (the live file, then past writes and deletes), in cursor pages. */
  listFileVersions(tenantId: string, rawPath: string, query: PageQuery): { data: WorkspaceFileVersion[]; next_page: string | null } {
    this.requireTenant(tenantId);
    const path = requirePath(rawPath);
    const after = decodeCursor(query.page);
    const rows = versionsOf(this.sql, path, after ? Number(after.key) : undefined, query.limit + 1);
    if (!after && rows.length === 0) throw notFound("Workspace file", path);
    const page = toPage(rows, query.limit, (row) => ({ key: row.version, id: "" }));
    return { data: page.data.map(renderVersion), next_page: page.next_page };
  }

  getFileMetadata(tenantId: string, rawPath: string): WorkspaceFile {
    this.requireTenant(tenantId);
    return renderFile(this.requireFile(requirePath(rawPath)));
  }

  /** Creates or replaces a file; `created` tells the two apart. A stale `If-Match` is refused with the current version. */
  putFile(
    tenantId: string,
    rawPath: string,
    content: FileContent,
    writer: WorkspaceWriter,
    precondition: WritePrecondition,
  ): { file: WorkspaceFile; created: boolean } {
    const path = requirePath(rawPath);
    if (content.bytes.byteLength > MAX_FILE_BYTES) throw fileTooLarge(content.bytes.byteLength);
    return this.ctx.storage.transactionSync(() => {
      const workspace = this.claim(tenantId);
      const current = findFile(this.sql, path);
      requirePrecondition(path, current, precondition);
      const problem = capacityProblem(this.sql, workspace, current, content.bytes.byteLength);
      if (problem) throw invalidRequest(problem);
      const row = this.store(workspace, path, content, writer);
      return { file: renderFile(row), created: current === null };
    });
  }

  /** Deletes the live file; its versions stay in the history, followed by the delete as a version of its own. */
  deleteFile(tenantId: string, rawPath: string, writer: WorkspaceWriter, precondition: WritePrecondition): DeletedWorkspaceFile {
    const path = requirePath(rawPath);
    return this.ctx.storage.transactionSync(() => {
      const workspace = this.requireTenant(tenantId);
      const current = this.requireFile(path);
      requirePrecondition(path, current, precondition);
      const version = workspace!.last_version + 1;
      archiveFile(this.sql, current);
      recordDeletion(this.sql, path, version, writer, new Date().toISOString());
      this.sql.exec("UPDATE workspace SET last_version = ?, total_bytes = total_bytes - ?", version, current.size_bytes);
      pruneHistory(this.sql, this.historyMaxBytes);
      return { type: "workspace_file_deleted", path, version: current.version };
    });
  }

  /** One page of files in path order, below a folder prefix. */
  listFiles(tenantId: string, query: WorkspaceFileListQuery): { data: WorkspaceFile[]; next_page: string | null } {
    this.requireTenant(tenantId);
    const folder = normalizeWorkspaceFolder(query.prefix);
    if (!folder.ok) throw invalidRequest(`prefix: ${folder.problem}`);
    const after = decodeCursor(query.page);
    const rows = filesUnder(this.sql, folder.path, after ? String(after.key) : undefined, query.limit + 1);
    const page = toPage(rows, query.limit, (row) => ({ key: row.path, id: "" }));
    return { data: page.data.map(renderFile), next_page: page.next_page };
  }

  /** Removes every file and record (the session that owned the workspace was deleted). */
  deleteWorkspace(tenantId: string): void {
    this.ctx.storage.transactionSync(() => {
      this.requireTenant(tenantId);
      for (const table of ["file_chunks", "files", "file_history", "agent_reads", "applied_operations", "workspace"]) this.sql.exec(`DELETE FROM ${table}`);
    });
  }

  // --- The file tools: what an agent reads is remembered, and its writes are checked against it ---

  /** Reads a file for an agent and remembers the version it saw; null when there is no such file. */
  readForAgent(tenantId: string, reader: WorkspaceWriter, rawPath: string): AgentRead | null {
    const path = requirePath(rawPath);
    return this.ctx.storage.transactionSync(() => {
      this.requireTenant(tenantId);
      const row = findFile(this.sql, path);
      if (!row) return null;
      recordRead(this.sql, reader, path, row.version);
      return { file: renderFile(row), text: row.is_text ? readText(this.sql, row) : null };
    });
  }

  /**
   * Applies a write or an edit only if the file is where the agent last saw it: unchanged since its last read or
   * write, or new. Otherwise nothing is written and the outcome carries the current content (which the agent has
   * then seen, so a write that takes it into account goes through). Every outcome is kept by operation id.
   */
  writeForAgent(tenantId: string, write: AgentWrite): AgentWriteOutcome {
    const path = requirePath(write.path);
    return this.ctx.storage.transactionSync(() => {
      const workspace = this.claim(tenantId);
      const applied = findAppliedOperation(this.sql, write.operation_id);
      if (applied) return applied;
      const outcome = this.decideAgentWrite(workspace, { ...write, path });
      recordAppliedOperation(this.sql, write.operation_id, outcome, new Date().toISOString());
      return outcome;
    });
  }

  /** One slice of a glob: paths below a folder that match a doublestar pattern, from after `after`, within `steps`. */
  globFiles(tenantId: string, pattern: string, rawFolder: string | undefined, after: string | null, steps: number): GlobSlice {
    this.requireTenant(tenantId);
    const folder = requireFolder(rawFolder);
    return globSlice(filesUnder(this.sql, folder, after ?? undefined), globMatcher(pattern, folder), Math.min(steps, SEARCH_SLICE_STEPS));
  }

  /**
   * One slice of a grep: lines of text files below a folder (optionally only paths a glob matches) that a pattern
   * matches, from the cursor on, within the allowance (never more than one slice's steps).
   */
  grepFiles(tenantId: string, query: GrepQuery, from: GrepCursor | null, allowance: { steps: number; matches: number }): GrepSlice {
    this.requireTenant(tenantId);
    const { folder, pattern, inGlob } = prepareGrep(query);
    const resumed = from?.within ? findFile(this.sql, from.path) : null;
    const files = [...(resumed?.path.startsWith(folder) ? [resumed] : []), ...filesUnder(this.sql, folder, from?.path)];
    const bounded = { steps: Math.min(allowance.steps, SEARCH_SLICE_STEPS), matches: Math.min(allowance.matches, MAX_GREP_MATCHES) };
    return grepSlice(files, pattern, inGlob, from, bounded, (file, first) => readChunksFrom(this.sql, file.seq, first));
  }

  // --- Helpers ---

  private decideAgentWrite(workspace: WorkspaceRow, write: AgentWrite): AgentWriteOutcome {
    const { path, reader, change } = write;
    const current = findFile(this.sql, path);
    const known = knownVersion(this.sql, reader, path);
    if (current && known !== current.version) {
      recordRead(this.sql, reader, path, current.version);
      const reason = known === null ? `${path} already exists and you have not read it` : `${path} changed since you read it (version ${known})`;
      return { status: "conflict", path, reason, current: this.currentFile(current) };
    }
    if (!current && known !== null) {
      forgetRead(this.sql, reader, path);
      return { status: "conflict", path, reason: `${path} was deleted since you read it (version ${known})`, current: null };
    }
    let text: string;
    let replacements: number | null = null;
    if (change.kind === "edit") {
      if (!current) return { status: "failed", path, reason: `There is no file at ${path}; use write to create it.` };
      if (!current.is_text) return { status: "failed", path, reason: `${path} is a binary file; only text files can be edited.` };
      const edited = replaceExact(readText(this.sql, current), change.old_string, change.new_string, change.replace_all);
      if (!edited.ok) return { status: "failed", path, reason: edited.reason };
      text = edited.content;
      replacements = edited.replacements;
    } else {
      text = change.content;
    }
    const bytes = new TextEncoder().encode(text);
    if (bytes.byteLength > MAX_FILE_BYTES) return { status: "failed", path, reason: fileTooLarge(bytes.byteLength).detail };
    const problem = capacityProblem(this.sql, workspace, current, bytes.byteLength);
    if (problem) return { status: "failed", path, reason: problem };
    const contentType = current?.content_type ?? "text/plain; charset=utf-8";
    const row = this.store(workspace, path, { bytes, contentType }, reader);
    recordRead(this.sql, reader, path, row.version);
    return { status: "written", path, version: row.version, created: current === null, replacements };
  }

  private currentFile(row: FileRow): CurrentFile {
    const text = row.is_text ? readText(this.sql, row) : null;
    const file = renderFile(row);
    return {
      version: file.version,
      size_bytes: file.size_bytes,
      is_text: file.is_text,
      text: text === null ? null : text.slice(0, CONFLICT_TEXT_CHARS),
      text_truncated: text !== null && text.length > CONFLICT_TEXT_CHARS,
      written_by: file.written_by,
      written_at: file.written_at,
    };
  }

  /** Writes the new version; the one it replaces moves to the history, pruned to its cap in the same transaction. */
  private store(workspace: WorkspaceRow, path: string, content: FileContent, writer: WorkspaceWriter): FileRow {
    const version = workspace.last_version + 1;
    const at = new Date().toISOString();
    const previous = findFile(this.sql, path);
    if (previous) archiveFile(this.sql, previous);
    const row = storeFile(this.sql, path, content, version, writer, at, previous?.created_at ?? at);
    this.sql.exec("UPDATE workspace SET last_version = ?, total_bytes = total_bytes + ?", version, content.bytes.byteLength - (previous?.size_bytes ?? 0));
    if (previous) pruneHistory(this.sql, this.historyMaxBytes);
    return row;
  }

  /** The workspace row, created for this tenant by its first write; another tenant is told it does not exist. */
  private claim(tenantId: string): WorkspaceRow {
    const existing = this.requireTenant(tenantId);
    if (existing) return existing;
    this.sql.exec("INSERT INTO workspace (id, tenant_id, last_version, total_bytes, created_at) VALUES (1, ?, 0, 0, ?)", tenantId, new Date().toISOString());
    return this.requireTenant(tenantId)!;
  }

  /** Null for a workspace nothing was written to yet (it reads as empty). */
  private requireTenant(tenantId: string): WorkspaceRow | null {
    const row = this.sql.exec<WorkspaceRow>("SELECT tenant_id, last_version, total_bytes FROM workspace").toArray()[0] ?? null;
    if (row && row.tenant_id !== tenantId) throw notFound("Workspace", this.ctx.id.name ?? "(unnamed)");
    return row;
  }

  private requireFile(path: string): FileRow {
    const row = findFile(this.sql, path);
    if (!row) throw notFound("Workspace file", path);
    return row;
  }
}

function requirePath(raw: string): string {
  const result = normalizeWorkspacePath(raw);
  if (!result.ok) throw invalidRequest(`path: ${result.problem}`);
  return result.path;
}

/** A grep's folder and compiled patterns; a refused pattern is an invalid request whose message says why. */
function prepareGrep(query: GrepQuery) {
  const folder = requireFolder(query.path);
  return { folder, pattern: compileGrepPattern(query.pattern), inGlob: query.glob ? globMatcher(query.glob, folder, "glob") : null };
}

function requireFolder(raw: string | undefined): string {
  const result = normalizeWorkspaceFolder(raw);
  if (!result.ok) throw invalidRequest(`path: ${result.problem}`);
  return result.path;
}

const noSuchVersion = (path: string, version: number) =>
  new ApiError("not_found_error", `${path} has no version ${version}: it never had it, or it was pruned from the history.`);

const fileTooLarge = (bytes: number) =>
  new ApiError("request_too_large", `A workspace file is at most ${MAX_FILE_BYTES} bytes (25 MiB); this one would be ${bytes} bytes.`);

function capacityProblem(sql: SqlStorage, workspace: WorkspaceRow, current: FileRow | null, newSize: number): string | null {
  const total = workspace.total_bytes - (current?.size_bytes ?? 0) + newSize;
  if (total > MAX_WORKSPACE_BYTES) return `The workspace would hold ${total} bytes; a workspace holds at most ${MAX_WORKSPACE_BYTES} bytes (1 GiB).`;
  if (!current && sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM files").one().n >= MAX_WORKSPACE_FILES) {
    return `The workspace already holds ${MAX_WORKSPACE_FILES} files, the most it may hold; delete some first.`;
  }
  return null;
}

/** `If-Match` names the version the caller saw (or `*`: any existing file); `If-None-Match: *` creates only. */
function requirePrecondition(path: string, current: FileRow | null, precondition: WritePrecondition): void {
  const { ifMatch, ifNoneMatch } = precondition;
  if (ifNoneMatch && current) {
    throw new ApiError("precondition_failed_error", `${path} already exists (version ${current.version}).`, { current_version: String(current.version) });
  }
  if (ifMatch === undefined) return;
  if (!current) throw new ApiError("precondition_failed_error", `${path} does not exist, so it cannot match If-Match.`);
  if (ifMatch !== "*" && ifMatch !== current.version) {
    throw new ApiError("precondition_failed_error", `${path} is at version ${current.version}, not ${ifMatch}; read it again and reapply your change.`, {
      current_version: String(current.version),
    });
  }
}
