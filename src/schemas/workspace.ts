// A session workspace's files as Lucid's extension API shows them (`/v1/sessions/{id}/workspace/files`).
import { z } from "zod";
import { PageQuery } from "./common";

/** Who wrote a file's current version: a session's agent, a person through the API (later: a thread). */
export const WorkspaceWriter = z.discriminatedUnion("type", [
  z.object({ type: z.literal("session"), id: z.string() }),
  z.object({ type: z.literal("person"), api_key_id: z.string() }),
]);
export type WorkspaceWriter = z.infer<typeof WorkspaceWriter>;

export const WorkspaceFile = z.object({
  type: z.literal("workspace_file"),
  path: z.string(),
  /** Workspace-wide and increasing: every write gives the file a version no file of the workspace ever had. */
  version: z.number().int(),
  size_bytes: z.number().int(),
  content_type: z.string(),
  /** Whether the content is UTF-8 text (the file tools read and edit only text). */
  is_text: z.boolean(),
  written_by: WorkspaceWriter,
  written_at: z.string(),
  created_at: z.string(),
});
export type WorkspaceFile = z.infer<typeof WorkspaceFile>;

export const DeletedWorkspaceFile = z.object({ type: z.literal("workspace_file_deleted"), path: z.string(), version: z.number().int() });
export type DeletedWorkspaceFile = z.infer<typeof DeletedWorkspaceFile>;

export const WorkspaceFileListQuery = PageQuery.extend({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  prefix: z.string().max(1_024).optional(),
});
export type WorkspaceFileListQuery = z.infer<typeof WorkspaceFileListQuery>;

/** A version of a file's history: a write (its content stays readable until pruned) or a delete (`deleted: true`). */
export const WorkspaceFileVersion = z.object({
  type: z.literal("workspace_file_version"),
  path: z.string(),
  version: z.number().int(),
  /** 0 for a delete. */
  size_bytes: z.number().int(),
  /** Null for a delete. */
  content_type: z.string().nullable(),
  /** Null for a delete. */
  is_text: z.boolean().nullable(),
  /** Who wrote this version, or deleted the file. */
  written_by: WorkspaceWriter,
  written_at: z.string(),
  deleted: z.boolean(),
});
export type WorkspaceFileVersion = z.infer<typeof WorkspaceFileVersion>;

/**
 * Reading one file: its live content (default), its metadata, its versions newest first (cursor paged), or the
 * content of one version, live or past.
 */
export const WorkspaceFileViewQuery = PageQuery.extend({
  view: z.enum(["content", "metadata", "versions"]).optional(),
  version: z.coerce.number().int().min(1).optional(),
}).refine((query) => query.version === undefined || query.view === undefined || query.view === "content", {
  message: "version reads one version's content; it cannot be combined with view=metadata or view=versions",
  path: ["version"],
});
export type WorkspaceFileViewQuery = z.infer<typeof WorkspaceFileViewQuery>;

/** The conditions a write or delete through the API may carry (`If-Match`, `If-None-Match: *`). */
export interface WritePrecondition {
  /** The version the caller last saw; `"*"` asks only that the file exist. */
  ifMatch?: number | "*";
  /** Create only: the file must not exist yet. */
  ifNoneMatch?: boolean;
}
