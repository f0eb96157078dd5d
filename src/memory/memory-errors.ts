// The errors particular to memories, in the API's shapes: path conflicts, failed preconditions, oversized content.
import { ApiError } from "../platform/errors";
import { MAX_CONTENT_BYTES } from "./content-digest";

export function pathConflict(requestedPath: string, blocking: { id: string; path: string }): ApiError {
  const relation = blocking.path === requestedPath ? "already used by" : "overlaps the path of";
  return new ApiError(
    "memory_path_conflict_error",
    `The path '${requestedPath}' is ${relation} memory '${blocking.id}' ('${blocking.path}'). Rename or delete that memory, or update it instead.`,
    { conflicting_memory_id: blocking.id, conflicting_path: blocking.path },
  );
}

/** A failed content_sha256 precondition; the error never includes the current state, as in the API. */
export function preconditionFailed(memoryId: string | null, path: string): ApiError {
  const message = memoryId
    ? `Memory '${memoryId}' no longer has the expected content_sha256; retrieve it and try again.`
    : `No memory is at '${path}', so none has the expected content_sha256.`;
  return new ApiError("memory_precondition_failed_error", message);
}

export function contentTooLarge(path: string, bytes: number): ApiError {
  const limit = MAX_CONTENT_BYTES.toLocaleString("en-US");
  return new ApiError(
    "request_too_large",
    `The content for '${path}' is ${bytes.toLocaleString("en-US")} bytes; a memory holds at most ${limit} bytes (100 kB).`,
  );
}
