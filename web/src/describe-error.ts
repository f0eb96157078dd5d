// One readable sentence for an error from Lucid's typed client, the official SDK, or the network.
import { APIError, APIConnectionError } from "@anthropic-ai/sdk";
import { LucidApiError, LucidConnectionError } from "../../client/index";

type ErrorBody = { error?: { type?: string; message?: string } };

export function describeError(error: unknown): string {
  if (error instanceof LucidApiError) return `${error.status} ${error.type}: ${error.message}`;
  if (error instanceof LucidConnectionError || error instanceof APIConnectionError) {
    return `Lucid could not be reached at ${location.origin} (${error.message}).`;
  }
  if (error instanceof APIError) {
    const body = error.error as ErrorBody | undefined;
    return `${error.status ?? "?"} ${body?.error?.type ?? "error"}: ${body?.error?.message ?? error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
