// Shapes shared by every resource: metadata, cursor pages, the error body, and zod-to-ApiError translation.
import { z } from "zod";
import { echoed, invalidRequest } from "../platform/errors";
import { MAX_PAGE_LIMIT } from "./limits";

// --- Text the API stores and shows back (docs/reference/security.md): nothing in it may rewrite a terminal or reorder a name ---

/** C0 and C1 control characters and DEL: NUL, BEL, ESC (which starts a terminal's escape sequences), … */
const CONTROL = /\p{Cc}/u;
/** The controls free text may not hold: all of them but tab, line feed and carriage return. */
const CONTROL_BUT_LINE_BREAKS = /(?![\t\n\r])\p{Cc}/u;
/** Bidirectional embeddings, overrides, isolates and marks: they make a name read differently from what is stored. */
const BIDI_CONTROL = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

const NO_CONTROLS = "must not contain control characters (NUL, ESC, line breaks, …)";
const NO_BIDI = "must not contain bidirectional formatting characters (U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069)";

/** A name or identifier (agent, store, environment and key names, metadata keys): no control or bidirectional formatting characters. */
export const NameText = z
  .string()
  .refine((text) => !CONTROL.test(text), NO_CONTROLS)
  .refine((text) => !BIDI_CONTROL.test(text), NO_BIDI);

/** One line shown as it is (titles, metadata values): no control characters. */
export const LineText = z.string().refine((text) => !CONTROL.test(text), NO_CONTROLS);

/** Free text (system prompts, descriptions, instructions, messages): tab and line breaks, but no other controls. */
export const FreeText = z
  .string()
  .refine((text) => !CONTROL_BUT_LINE_BREAKS.test(text), "must not contain control characters other than tab, line feed and carriage return (NUL, ESC, …)");

/** Metadata as the Managed Agents API limits it: at most 16 pairs, keys ≤ 64 and values ≤ 512 characters. */
export const Metadata = z
  .record(NameText.min(1).max(64), LineText.max(512))
  .refine((value) => Object.keys(value).length <= 16, { message: "at most 16 metadata keys are allowed" });
export type Metadata = z.infer<typeof Metadata>;

/** A metadata patch: a null value deletes the key. */
export const MetadataPatch = z.record(NameText.min(1).max(64), LineText.max(512).nullable());

export function applyMetadataPatch(current: Metadata, patch: z.infer<typeof MetadataPatch> | null | undefined): Metadata {
  if (patch === undefined) return current;
  if (patch === null) return {};
  const next: Metadata = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  if (Object.keys(next).length > 16) throw invalidRequest("metadata: at most 16 metadata keys are allowed");
  return next;
}

/** Any JSON value; its own type (rather than zod's) keeps Durable Object RPC signatures shallow enough to check. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export const Json: z.ZodType<Json> = z.json() as z.ZodType<Json>;

/** Query parameters common to list routes. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT, `a page holds at most ${MAX_PAGE_LIMIT} items`).default(20),
  page: z.string().min(1).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

const Timestamp = z.string().datetime({ offset: true });

/** `created_at[gt|gte|lt|lte]` list filters, as the Managed Agents list routes take them. */
export const CreatedAtQuery = z.object({
  "created_at[gt]": Timestamp.optional(),
  "created_at[gte]": Timestamp.optional(),
  "created_at[lt]": Timestamp.optional(),
  "created_at[lte]": Timestamp.optional(),
});

/** The bounds of a created_at range, compared as ISO 8601 strings (every stored time is UTC with milliseconds). */
export interface CreatedAtRange {
  gt?: string;
  gte?: string;
  lt?: string;
  lte?: string;
}

export function createdAtRange(query: z.infer<typeof CreatedAtQuery>): CreatedAtRange {
  const utc = (value: string | undefined) => (value === undefined ? undefined : new Date(value).toISOString());
  return { gt: utc(query["created_at[gt]"]), gte: utc(query["created_at[gte]"]), lt: utc(query["created_at[lt]"]), lte: utc(query["created_at[lte]"]) };
}

/** A field the wire format allows that Lucid does not implement yet: refused unless empty, never silently dropped. */
export function notSupportedYet() {
  return z
    .unknown()
    .refine((value) => value == null || (Array.isArray(value) && value.length === 0), {
      message: "is not supported by Lucid yet",
    })
    .transform(() => undefined)
    .optional();
}

/** A variant of a union the wire format has but Lucid refuses, with a message saying why. */
export function refusedVariant<T extends string>(type: T, message: string) {
  return z
    .looseObject({ type: z.literal(type) })
    .refine(() => false, { message })
    .transform((value) => value as never);
}

/** Validates untrusted input against a schema; failures become one invalid_request_error naming each field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what = "request body"): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((outer) => {
    const { issue, path: innerPath } = innermostIssue(outer);
    const path = innerPath.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((key) => echoed(path ? `${path}.${key}` : key));
      return `${keys.join(", ")}: unknown field${keys.length > 1 ? "s" : ""}, not part of the API`;
    }
    return `${echoed(path) || what}: ${issue.message}`;
  });
  throw invalidRequest(`Invalid ${what}: ${problems.join("; ")}`);
}

/**
 * For a union that matched no variant, the issue of the variant the input meant (its `type` matched), and for a record
 * key that failed, the key's own issue; otherwise the issue itself. Paths add up on the way down. This turns
 * "Invalid input" into the message that helps.
 */
function innermostIssue(issue: z.core.$ZodIssue, above: PropertyKey[] = []): { issue: z.core.$ZodIssue; path: PropertyKey[] } {
  const path = [...above, ...issue.path];
  if (issue.code === "invalid_key" && issue.issues[0]) return innermostIssue(issue.issues[0], path);
  if (issue.code !== "invalid_union") return { issue, path };
  const meant = issue.errors.find((variant) => variant.length > 0 && !variant.some((inner) => inner.path.length === 1 && inner.path[0] === "type"));
  return meant?.[0] ? innermostIssue(meant[0], path) : { issue, path };
}
