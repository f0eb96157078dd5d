// The one error type of the API: an Anthropic error `type`, its HTTP status and a message for people.
export type ApiErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "not_found_error"
  | "conflict_error"
  | "memory_path_conflict_error"
  | "memory_precondition_failed_error"
  | "precondition_failed_error"
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
  precondition_failed_error: 412,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

/** A JSON value an error carries beside its message (platform/ sits below schemas/, so it keeps its own JSON type). */
export type ErrorFieldValue = string | number | boolean | null | ErrorFieldValue[] | { [key: string]: ErrorFieldValue };

export class ApiError extends Error {
  constructor(
    readonly type: ApiErrorType,
    readonly detail: string,
    /**
     * Extra fields some error types carry beside the message: `conflicting_path`, or the structured `details` whose
     * `error_code` the SDK picks an error class by (a refused heartbeat's `heartbeat_precondition_failed`).
     */
    readonly fields: Record<string, ErrorFieldValue> = {},
    /** The type's status, unless HTTP has a more precise one (414 for an over-long URL, still an invalid request). */
    readonly status: number = STATUS[type],
  ) {
    super(detail);
  }

  toBody() {
    return { type: "error" as const, error: { type: this.type, message: this.detail, ...this.fields } };
  }
}

/** The most characters of a value from the request an error message repeats: enough for any id, never a 65 kB one. */
const MAX_ECHOED_CHARS = 80;

/** A value from the request as an error message shows it: whole up to 80 characters, then cut with an ellipsis. */
export function echoed(value: string): string {
  return value.length <= MAX_ECHOED_CHARS ? value : `${value.slice(0, MAX_ECHOED_CHARS - 1)}…`;
}

export const invalidRequest = (message: string) => new ApiError("invalid_request_error", message);
export const notFound = (what: string, id: string) => new ApiError("not_found_error", `${what} '${echoed(id)}' was not found.`);
export const conflict = (message: string) => new ApiError("conflict_error", message);
