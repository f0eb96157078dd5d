// Reads and validates a request's JSON body and query string against zod schemas, for a route's declaration
// (operation.ts); raw bodies (a memory bundle) are read as strict UTF-8 text here too.
import type { Context } from "hono";
import { z } from "zod";
import { parseOrThrow } from "../schemas/common";
import { MAX_JSON_DEPTH } from "../schemas/limits";
import { illFormedTextPath, illFormedTextProblem } from "../schemas/well-formed-text";
import { invalidRequest } from "../platform/errors";

/** JSON bodies may come without a content type (curl users forget it), but not under another one. */
function refuseNonJsonContentType(c: Context): void {
  const contentType = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (!contentType || contentType === "application/json" || /^application\/[\w.+-]*\+json$/.test(contentType)) return;
  throw invalidRequest(`Content-Type '${contentType}' is not supported here: send the body as JSON with 'Content-Type: application/json'.`);
}

export async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const text = await readText(c);
  let body: unknown = {};
  if (text.trim()) {
    refuseNonJsonContentType(c);
    try {
      body = JSON.parse(text);
    } catch {
      throw invalidRequest("The request body is not valid JSON.");
    }
    if (nestingDepth(body) > MAX_JSON_DEPTH) throw invalidRequest(`The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`);
    // Valid UTF-8 can still spell a lone surrogate as a JSON escape; every route's text is checked here, before its schema.
    const illFormed = illFormedTextPath(body);
    if (illFormed !== null) throw invalidRequest(`Invalid request body: ${illFormedTextProblem(illFormed)}`);
  }
  return parseOrThrow(schema, body);
}

/**
 * The body as text, refused unless it is valid UTF-8: a lenient decoder would store U+FFFD in place of the bad bytes,
 * and what is read back would differ from what was sent.
 */
export async function readText(c: Context): Promise<string> {
  // Decoded here rather than by `c.req.text()`, which warns about bodies sent under a non-text type before they are refused.
  const bytes = await c.req.arrayBuffer();
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw invalidRequest("The request body is not valid UTF-8.");
  }
}

/** How deeply arrays and objects nest in a parsed JSON value, measured without recursion. */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return deepest;
}

/** The fields of a query schema that hold arrays: the parameters that may repeat. */
export function arrayParameters(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => {
      let inner = field;
      while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault || inner instanceof z.ZodNullable) inner = inner.unwrap();
      return inner instanceof z.ZodArray;
    })
    .map(([name]) => name);
}

/** Query parameters as an object; repeated keys and `key[]` (the SDK's array form) become arrays for `arrayKeys`. */
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
