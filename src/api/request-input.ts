// Reads and validates a request's JSON body and query string against zod schemas.
import type { Context } from "hono";
import type { z } from "zod";
import { parseOrThrow } from "../schemas/common";
import { invalidRequest } from "./api-error";

export async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const text = await c.req.text();
  let body: unknown = {};
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      throw invalidRequest("The request body is not valid JSON.");
    }
  }
  return parseOrThrow(schema, body);
}

/** Query parameters as an object; repeated keys and `key[]` (the SDK's array form) become arrays. */
export function readQuery<T extends z.ZodType>(c: Context, schema: T, arrayKeys: readonly string[] = []): z.infer<T> {
  const params = new URL(c.req.url).searchParams;
  const query: Record<string, string | string[]> = {};
  for (const [rawKey, value] of params) {
    const key = rawKey.endsWith("[]") ? rawKey.slice(0, -2) : rawKey;
    if (arrayKeys.includes(key)) query[key] = [...((query[key] as string[] | undefined) ?? []), value];
    else query[key] = value;
  }
  return parseOrThrow(schema, query, "query");
}
