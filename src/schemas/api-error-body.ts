// The error body every failure answers with, in the Anthropic shape: `{"type": "error", "error": {type, message}}`.
import { z } from "zod";
import type { ApiErrorType as ApiErrorTypeName } from "../platform/errors";

/** Keyed by every type ApiError has, so this list cannot fall behind platform/errors.ts without the typecheck failing. */
const ERROR_TYPES: Record<ApiErrorTypeName, true> = {
  invalid_request_error: true,
  authentication_error: true,
  permission_error: true,
  not_found_error: true,
  conflict_error: true,
  memory_path_conflict_error: true,
  memory_precondition_failed_error: true,
  precondition_failed_error: true,
  request_too_large: true,
  rate_limit_error: true,
  api_error: true,
  overloaded_error: true,
};

export const ApiErrorType = z.enum(Object.keys(ERROR_TYPES) as [ApiErrorTypeName, ...ApiErrorTypeName[]]);

export const ApiErrorBody = z.object({
  type: z.literal("error"),
  /**
   * Some error types carry more beside the message, for example `conflicting_path` or `current_version`, or a
   * structured `details` (`error_code` and what it explains: a refused heartbeat's `current_state`).
   */
  error: z.object({ type: ApiErrorType, message: z.string() }).catchall(z.union([z.string(), z.record(z.string(), z.json())])),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
