// Shapes shared by every resource: metadata, cursor pages, the error body, and zod-to-ApiError translation.
import { z } from "zod";
import { invalidRequest } from "../api/api-error";
import { MAX_PAGE_LIMIT } from "./limits";

/** Metadata as the Managed Agents API limits it: at most 16 pairs, keys ≤ 64 and values ≤ 512 characters. */
export const Metadata = z
  .record(z.string().min(1).max(64), z.string().max(512))
  .refine((value) => Object.keys(value).length <= 16, { message: "at most 16 metadata keys are allowed" });
export type Metadata = z.infer<typeof Metadata>;

/** A metadata patch: a null value deletes the key. */
export const MetadataPatch = z.record(z.string().min(1).max(64), z.string().max(512).nullable());

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
  const problems = result.error.issues.slice(0, 5).map((union) => {
    const issue = innermostIssue(union);
    const path = [...union.path, ...(issue === union ? [] : issue.path)].map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((key) => (path ? `${path}.${key}` : key));
      return `${keys.join(", ")}: unknown field${keys.length > 1 ? "s" : ""}, not part of the API`;
    }
    return `${path || what}: ${issue.message}`;
  });
  throw invalidRequest(`Invalid ${what}: ${problems.join("; ")}`);
}

/**
 * For a union that matched no variant, the issue of the variant the input meant (its `type` matched);
 * otherwise the issue itself. This turns "Invalid input" into the message that helps.
 */
function innermostIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== "invalid_union") return issue;
  const meant = issue.errors.find((variant) => variant.length > 0 && !variant.some((inner) => inner.path.length === 1 && inner.path[0] === "type"));
  return meant?.[0] ? innermostIssue(meant[0]) : issue;
}
