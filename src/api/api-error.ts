// The one error type of the API: an Anthropic error `type`, its HTTP status and a message for people.
export type ApiErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "conflict_error"
  | "memory_path_conflict_error"
  | "memory_precondition_failed_error"
  | "request_too_large"
  | "rate_limit_error"
  | "api_error"
  | "overloaded_error";

const STATUS: Record<ApiErrorType, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  memory_path_conflict_error: 409,
  memory_precondition_failed_error: 409,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

/**
 * Errors cross Durable Object RPC as plain Errors (custom classes are not preserved), so an ApiError
 * carries its type and text inside its message and the API edge rebuilds it with `asApiError`.
 */
const WIRE_MARK = "lucid-api-error:";

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly type: ApiErrorType,
    readonly detail: string,
    /** Extra fields some error types carry beside the message (for example `conflicting_path`). */
    readonly fields: Record<string, string> = {},
  ) {
    super(WIRE_MARK + JSON.stringify({ type, detail, fields }));
    this.status = STATUS[type];
  }

  toBody() {
    return { type: "error" as const, error: { type: this.type, message: this.detail, ...this.fields } };
  }
}

export const invalidRequest = (message: string) => new ApiError("invalid_request_error", message);
export const notFound = (what: string, id: string) => new ApiError("not_found_error", `${what} '${id}' was not found.`);
export const conflict = (message: string) => new ApiError("conflict_error", message);

/** The ApiError an error stands for, whether thrown here or carried back over RPC; null for anything else. */
export function asApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (!(error instanceof Error)) return null;
  const at = error.message.indexOf(WIRE_MARK);
  if (at < 0) return null;
  const { type, detail, fields } = JSON.parse(error.message.slice(at + WIRE_MARK.length)) as {
    type: ApiErrorType;
    detail: string;
    fields?: Record<string, string>;
  };
  return new ApiError(type, detail, fields);
}
