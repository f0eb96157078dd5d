// A model reply Lucid cannot use although the API took the request: it timed out, its stream broke off or was malformed, or a tool call's input is not JSON.
export type ReplyFaultKind = "timeout" | "broken_stream" | "invalid_tool_input";

/** Nothing of such a reply is recorded, so asking again is safe; model-error.ts makes every kind retryable. */
export class ModelReplyFault extends Error {
  constructor(
    readonly kind: ReplyFaultKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ModelReplyFault";
  }
}
