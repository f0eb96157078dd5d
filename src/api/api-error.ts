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

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly type: ApiErrorType,
    readonly detail: string,
    /** Extra fields some error types carry beside the message (for example `conflicting_path`). */
    readonly fields: Record<string, string> = {},
  ) {
    super(detail);
    this.status = STATUS[type];
  }

  toBody() {
    return { type: "error" as const, error: { type: this.type, message: this.detail, ...this.fields } };
  }
}

export const invalidRequest = (message: string) => new ApiError("invalid_request_error", message);
export const notFound = (what: string, id: string) => new ApiError("not_found_error", `${what} '${id}' was not found.`);
export const conflict = (message: string) => new ApiError("conflict_error", message);
