// Anthropic error bodies and responses, as the Messages API sends them (`{"type":"error","error":{type,message}}`).

/** The error `type` the real API pairs with each HTTP status; other 4xx are invalid requests, other 5xx api errors. */
const TYPE_BY_STATUS: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

export function errorTypeForStatus(status: number): string {
  return TYPE_BY_STATUS[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
}

export function errorBody(type: string, message: string) {
  return { type: "error" as const, error: { type, message } };
}

export function errorResponse(status: number, type: string, message: string, headers?: HeadersInit): Response {
  return Response.json(errorBody(type, message), { status, headers });
}

export const invalidRequest = (message: string) => errorResponse(400, "invalid_request_error", message);
