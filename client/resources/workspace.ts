// A session's workspace files (Lucid extension): list, read, write and delete, with optional version preconditions,
// and each file's past versions.
import type { DeletedWorkspaceFile, ListQuery, WorkspaceFile, WorkspaceFileListQuery, WorkspaceFileVersion } from "../api-types";
import type { Transport } from "../transport";
import { listPages } from "./list-query";
import { filePathSegments, segment } from "./path";

/** `ifMatch`: the version last seen (the write fails with 412 if the file changed since); `"*"`: only if it exists. */
export interface WorkspaceWriteOptions {
  contentType?: string;
  ifMatch?: number | "*";
  /** Create only: fails with 412 if the file exists. */
  ifNoneMatch?: boolean;
}

function preconditionHeaders(options: Omit<WorkspaceWriteOptions, "contentType">): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.ifMatch !== undefined) headers["if-match"] = options.ifMatch === "*" ? "*" : `"${options.ifMatch}"`;
  if (options.ifNoneMatch) headers["if-none-match"] = "*";
  return headers;
}

export function workspaceResource(transport: Transport) {
  const files = (sessionId: string) => `/v1/sessions/${segment(sessionId)}/workspace/files`;
  const file = (sessionId: string, path: string) => `${files(sessionId)}/${filePathSegments(path)}`;
  return {
    list: (sessionId: string, query: WorkspaceFileListQuery = {}) => listPages<WorkspaceFile>(transport, files(sessionId), query),
    /** The file's content as text; with `version`, that version's (live or past; 404 if deleted or pruned). */
    read: (sessionId: string, path: string, options: { version?: number } = {}) =>
      transport.text("GET", file(sessionId, path), { headers: { accept: "*/*" }, query: { version: options.version } }),
    /** The file's versions, newest first: the live one, then past writes and deletes (also after the file was deleted). */
    versions: (sessionId: string, path: string, query: ListQuery = {}) =>
      listPages<WorkspaceFileVersion>(transport, file(sessionId, path), { ...query, view: "versions" }),
    /** The file's metadata (version, size, writer) without its content. */
    stat: (sessionId: string, path: string) => transport.json<WorkspaceFile>("GET", file(sessionId, path), { query: { view: "metadata" } }),
    write: (sessionId: string, path: string, content: string, options: WorkspaceWriteOptions = {}) =>
      transport.json<WorkspaceFile>("PUT", file(sessionId, path), {
        body: content,
        headers: { "content-type": options.contentType ?? "text/plain; charset=utf-8", ...preconditionHeaders(options) },
      }),
    delete: (sessionId: string, path: string, options: { ifMatch?: number | "*" } = {}) =>
      transport.json<DeletedWorkspaceFile>("DELETE", file(sessionId, path), { headers: preconditionHeaders(options) }),
  };
}
