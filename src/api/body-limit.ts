// Refuses request bodies over the documented limits with 413 request_too_large, before any route reads them.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { bodyLimit } from "hono/body-limit";
import { describeBytes, MAX_ARCHIVE_BODY_BYTES, MAX_JSON_BODY_BYTES, MAX_UPLOAD_BODY_BYTES } from "../schemas/limits";
import { ApiError } from "../platform/errors";
import type { AppEnv } from "./app-env";

/** Routes whose body is raw content rather than JSON: a workspace file, a memory bundle. */
function isUpload(method: string, pathname: string): boolean {
  if (method === "PUT" && /^\/v1\/sessions\/[^/]+\/workspace\/files\//.test(pathname)) return true;
  return method === "POST" && /^\/v1\/memory_stores\/[^/]+\/import$/.test(pathname);
}

const isArchiveImport = (method: string, pathname: string) => method === "POST" && pathname === "/v1/agents/import";

/**
 * Hono's bodyLimit checks Content-Length when it is given and otherwise counts the bytes as they stream in
 * (chunked bodies), stopping at the limit, so an oversized body is never buffered whole.
 */
function limitTo(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c: Context) => {
      const declared = c.req.header("content-length");
      const size = declared && !c.req.header("transfer-encoding") ? `${declared} bytes` : `more than ${maxBytes} bytes`;
      throw new ApiError("request_too_large", `The request body is ${size}; this route accepts at most ${describeBytes(maxBytes)} (${maxBytes} bytes).`);
    },
  });
}

const jsonBodyLimit = limitTo(MAX_JSON_BODY_BYTES);
const uploadBodyLimit = limitTo(MAX_UPLOAD_BODY_BYTES);
const archiveBodyLimit = limitTo(MAX_ARCHIVE_BODY_BYTES);

export const limitRequestBody = createMiddleware<AppEnv>((c, next) => {
  const { method } = c.req;
  const { pathname } = new URL(c.req.url);
  const limit = isArchiveImport(method, pathname) ? archiveBodyLimit : isUpload(method, pathname) ? uploadBodyLimit : jsonBodyLimit;
  return limit(c, next);
});
