// /v1/sessions/{id}/workspace/files (Lucid extension): list, read, write and delete the files of a session's workspace,
// and read a file's past versions.
import type { Context } from "hono";
import { Hono } from "hono";
import { agentIdOfSession } from "../../ids";
import { z } from "zod";
import {
  DeletedWorkspaceFile,
  WorkspaceFile,
  WorkspaceFileListQuery,
  WorkspaceFileVersion,
  WorkspaceFileViewQuery,
  type WritePrecondition,
} from "../../schemas/workspace";
import { MAX_FILE_BYTES } from "../../workspace/workspace-limits";
import { workspaceOf, type WorkspaceStub } from "../../platform/stubs";
import { ApiError, invalidRequest, notFound } from "../../platform/errors";
import { agentStub } from "../object-stubs";
import type { AppEnv } from "../app-env";
import { answer, operation } from "../operation";
import { Page } from "../../schemas/page";

const FILES = "/workspace/files/";

export const workspaceFileRoutes = new Hono<AppEnv>()
  .get(
    "/:id/workspace/files",
    operation({
      operationId: "listWorkspaceFiles",
      summary: "List a session's workspace files in path order",
      tag: "Workspace files",
      extension: true,
      query: WorkspaceFileListQuery,
      responses: { 200: Page(WorkspaceFile) },
    }),
    async (c) => {
      const query = c.req.valid("query");
      return answer(c, await (await sessionWorkspace(c)).listFiles(c.get("tenantId"), query));
    },
  )
  .get(
    "/:id/workspace/files/*",
    operation({
      operationId: "readWorkspaceFile",
      summary: "Read a workspace file, one of its past versions, or the list of its versions",
      tag: "Workspace files",
      extension: true,
      query: WorkspaceFileViewQuery,
      responses: {
        200: {
          description:
            "The raw bytes, with content-type as written, ETag and x-lucid-version, -written-by and -written-at; version=N reads that version's bytes " +
            "the same way. view=metadata answers the live file's metadata as JSON; view=versions a page of its versions, newest first " +
            "(limit, page), deletes included, also after the file was deleted.",
          content: { "*/*": {}, "application/json": z.union([WorkspaceFile, Page(WorkspaceFileVersion)]) },
        },
      },
    }),
    async (c) => {
      const { view, version, limit, page } = c.req.valid("query");
      const workspace = await sessionWorkspace(c);
      if (view === "versions") return answer(c, await workspace.listFileVersions(c.get("tenantId"), filePath(c), { limit, page }));
      if (version !== undefined) {
        const { file, bytes } = await workspace.getFileVersion(c.get("tenantId"), filePath(c), version);
        return new Response(bytes, { headers: fileHeaders({ ...file, content_type: file.content_type ?? "application/octet-stream" }) });
      }
      if (view === "metadata") {
        const file = await workspace.getFileMetadata(c.get("tenantId"), filePath(c));
        c.header("etag", etagOf(file.version));
        return answer(c, file);
      }
      const { file, bytes } = await workspace.getFile(c.get("tenantId"), filePath(c));
      return new Response(bytes, { headers: fileHeaders(file) });
    },
  )
  .put(
    "/:id/workspace/files/*",
    operation({
      operationId: "writeWorkspaceFile",
      summary: "Write a workspace file, guarded by If-Match or If-None-Match: *",
      tag: "Workspace files",
      extension: true,
      body: { description: "The file, text or binary; its content-type is kept (application/octet-stream if none).", content: { "*/*": {} } },
      responses: {
        200: { description: "Replaced.", content: { "application/json": WorkspaceFile } },
        201: { description: "Created.", content: { "application/json": WorkspaceFile } },
      },
      errors: [412],
    }),
    async (c) => {
      const path = filePath(c);
      const declared = Number(c.req.header("content-length") ?? 0);
      if (declared > MAX_FILE_BYTES) throw tooLarge(declared);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.byteLength > MAX_FILE_BYTES) throw tooLarge(bytes.byteLength);
      const contentType = c.req.header("content-type") || "application/octet-stream";
      const workspace = await sessionWorkspace(c);
      const writer = { type: "person" as const, api_key_id: c.get("apiKeyId") };
      const { file, created } = await withCurrentEtag(c, () => workspace.putFile(c.get("tenantId"), path, { bytes, contentType }, writer, preconditionOf(c)));
      c.header("etag", etagOf(file.version));
      return answer(c, file, created ? 201 : 200);
    },
  )
  .delete(
    "/:id/workspace/files/*",
    operation({
      operationId: "deleteWorkspaceFile",
      summary: "Delete a workspace file, guarded by If-Match",
      tag: "Workspace files",
      extension: true,
      responses: { 200: DeletedWorkspaceFile },
      errors: [412],
    }),
    async (c) => {
      const workspace = await sessionWorkspace(c);
      const writer = { type: "person" as const, api_key_id: c.get("apiKeyId") };
      return answer(c, await withCurrentEtag(c, () => workspace.deleteFile(c.get("tenantId"), filePath(c), writer, preconditionOf(c))));
    },
  );

/** The workspace of a session of this tenant (its agent's object checks the tenant and names the workspace). */
async function sessionWorkspace(c: Context<AppEnv>): Promise<WorkspaceStub> {
  const sessionId = c.req.param("id") ?? "";
  const agentId = agentIdOfSession(sessionId);
  if (!agentId) throw notFound("Session", sessionId);
  const workspaceId = await agentStub(c, agentId).sessionWorkspace(c.get("tenantId"), agentId, sessionId);
  return workspaceOf(c.env, workspaceId);
}

/** The file path after `/workspace/files/`, each segment percent-decoded (so `%2F` is a separator the workspace checks). */
function filePath(c: Context<AppEnv>): string {
  const pathname = new URL(c.req.url).pathname;
  const raw = pathname.slice(pathname.indexOf(FILES) + FILES.length);
  try {
    return "/" + raw.split("/").map(decodeURIComponent).join("/");
  } catch {
    throw invalidRequest(`path: '${raw}' is not correctly percent-encoded`);
  }
}

const etagOf = (version: number) => `"${version}"`;

/** The headers of a file's bytes, live or past. */
function fileHeaders(file: Pick<WorkspaceFile, "content_type" | "version" | "written_by" | "written_at">): Headers {
  return new Headers({
    "content-type": file.content_type,
    etag: etagOf(file.version),
    "x-lucid-version": String(file.version),
    "x-lucid-written-by": JSON.stringify(file.written_by),
    "x-lucid-written-at": file.written_at,
  });
}

/** `If-Match: "7"` (or `W/"7"`, `7`, `*`) and `If-None-Match: *`. */
function preconditionOf(c: Context<AppEnv>): WritePrecondition {
  const precondition: WritePrecondition = {};
  const ifMatch = c.req.header("if-match")?.trim();
  if (ifMatch) {
    const version = /^(?:W\/)?"?(\d{1,15})"?$/.exec(ifMatch)?.[1];
    if (ifMatch !== "*" && version === undefined) throw invalidRequest(`If-Match: '${ifMatch}' is not a version this API returned in an ETag`);
    precondition.ifMatch = ifMatch === "*" ? "*" : Number(version);
  }
  const ifNoneMatch = c.req.header("if-none-match")?.trim();
  if (ifNoneMatch) {
    if (ifNoneMatch !== "*") throw invalidRequest("If-None-Match: only '*' (create only if the file does not exist) is supported on writes");
    precondition.ifNoneMatch = true;
  }
  return precondition;
}

/** A failed precondition answers 412 with the file's current version in the body and in the ETag header. */
async function withCurrentEtag<T>(c: Context<AppEnv>, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const current = error instanceof ApiError ? error.fields.current_version : undefined;
    if (current) c.header("etag", etagOf(Number(current)));
    throw error;
  }
}

const tooLarge = (bytes: number) =>
  new ApiError("request_too_large", `A workspace file is at most ${MAX_FILE_BYTES} bytes (25 MiB); this request carries ${bytes} bytes.`);
