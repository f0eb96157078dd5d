// The two errors the client throws: an API answer that is not 2xx, and a server that could not be reached.

/** A non-2xx answer; `type` is the Anthropic error type of the body (`not_found_error`, `invalid_request_error`, …). */
export class LucidApiError extends Error {
  override readonly name = "LucidApiError";
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    /** The `request-id` header, to quote when asking about a failure. */
    readonly requestId: string | null,
    /** The parsed JSON body (or the raw text when it was not JSON). */
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** The server could not be reached (or the connection broke) even after the configured retries. */
export class LucidConnectionError extends Error {
  override readonly name = "LucidConnectionError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Builds the error for a non-2xx response from its Anthropic-shaped body `{ type: "error", error: { type, message } }`. */
export async function apiErrorOf(response: Response): Promise<LucidApiError> {
  const text = await response.text().catch(() => "");
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML page, say): keep the text as the body.
  }
  const error = typeof body === "object" && body !== null ? (body as { error?: { type?: unknown; message?: unknown } }).error : undefined;
  const type = typeof error?.type === "string" ? error.type : "api_error";
  const message = typeof error?.message === "string" ? error.message : `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ""}`;
  return new LucidApiError(response.status, type, message, response.headers.get("request-id"), body);
}
