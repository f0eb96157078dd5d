// Memories as the Managed Agents API types them (BetaManagedAgentsMemory), their requests, and Lucid's extensions to them.
import { z } from "zod";
import { memoryPathProblem, pathPrefixProblem } from "./memory-path";
import { PageQuery } from "./common";
import { isWellFormedText } from "./well-formed-text";

/** Whether a memory or version carries its content; `full` pages hold at most 20 items. */
export const MemoryView = z.enum(["basic", "full"]);
export type MemoryView = z.infer<typeof MemoryView>;
export const FULL_VIEW_PAGE_LIMIT = 20;

export const ContentSha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hexadecimal characters");

export const MemoryPath = z.string().superRefine((path, context) => {
  const problem = memoryPathProblem(path);
  if (problem) context.addIssue({ code: "custom", message: problem });
});

const PathPrefix = z.string().superRefine((prefix, context) => {
  const problem = pathPrefixProblem(prefix);
  if (problem) context.addIssue({ code: "custom", message: problem });
});

// --- Lucid extension: metadata kept beside the content, never inside it ---

/** Who wrote a memory's current content: a person (through the API), an agent's session, or a dream. */
export const MemoryAuthor = z.strictObject({
  type: z.enum(["person", "session", "dream"]),
  id: z.string().min(1).max(256).optional(),
});
export type MemoryAuthor = z.infer<typeof MemoryAuthor>;

/** The evidence behind a memory: the session it came from and the events in that session's transcript. */
export const Provenance = z.strictObject({
  session_id: z.string().min(1).max(256),
  event_ids: z.array(z.string().min(1).max(256)).max(1000),
});
export type Provenance = z.infer<typeof Provenance>;

/** Lucid extension: supersession links between a correction and the memory it replaced (paths in the same store). */
export const MemoryLinks = z.strictObject({
  supersedes: z.array(z.string()).optional(),
  superseded_by: z.string().optional(),
});
export type MemoryLinks = z.infer<typeof MemoryLinks>;

export const MemoryLucidFields = z.object({
  author: MemoryAuthor,
  provenance: z.array(Provenance),
  /** How many distinct sessions gave evidence for the memory. */
  support_count: z.number().int(),
  /** The last time a write stated this memory (even with unchanged content); null if never. */
  last_confirmed_at: z.string().nullable(),
  supersedes: z.array(z.string()).optional(),
  superseded_by: z.string().optional(),
});
export type MemoryLucidFields = z.infer<typeof MemoryLucidFields>;

// --- The compatible wire shapes ---

export const Memory = z.object({
  id: z.string(),
  type: z.literal("memory"),
  memory_store_id: z.string(),
  path: z.string(),
  /** null in the basic view. */
  content: z.string().nullable(),
  content_sha256: z.string(),
  content_size_bytes: z.number().int(),
  memory_version_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  /** Lucid extension. */
  lucid: MemoryLucidFields,
});
export type Memory = z.infer<typeof Memory>;

/** A folder marker a depth-limited listing returns in place of the memories below it. */
export const MemoryPrefix = z.object({ type: z.literal("memory_prefix"), path: z.string() });
export type MemoryPrefix = z.infer<typeof MemoryPrefix>;

export const MemoryListItem = z.union([Memory, MemoryPrefix]);
export type MemoryListItem = z.infer<typeof MemoryListItem>;

export const DeletedMemory = z.object({ id: z.string(), type: z.literal("memory_deleted") });
export type DeletedMemory = z.infer<typeof DeletedMemory>;

export const MemoryCreate = z.strictObject({
  path: MemoryPath,
  /** The API types content as nullable on create; null makes an empty memory. */
  content: z
    .string()
    .nullable()
    .transform((content) => content ?? ""),
});
export type MemoryCreate = z.infer<typeof MemoryCreate>;

export const MemoryUpdate = z.strictObject({
  /** Omitted or null keeps the current value. */
  content: z.string().nullish(),
  path: MemoryPath.nullish(),
  precondition: z.strictObject({ type: z.literal("content_sha256"), content_sha256: ContentSha256 }).optional(),
});
export type MemoryUpdate = z.infer<typeof MemoryUpdate>;

export const MemoryViewQuery = z.object({ view: MemoryView.optional() });

export const MemoryListQuery = PageQuery.extend({
  path_prefix: PathPrefix.optional(),
  /** 0 lists every memory below the prefix; n lists n levels and folds deeper ones into `memory_prefix` markers. */
  depth: z.coerce.number().int().min(0).max(20).default(0),
  view: MemoryView.optional(),
});
export type MemoryListQuery = z.infer<typeof MemoryListQuery>;

export const MemoryDeleteQuery = z.object({ expected_content_sha256: ContentSha256.optional() });

// --- Lucid extensions: search, snapshots and bundles, writes from sessions and dreams ---

export const MemorySearchQuery = z.object({
  q: z.string().min(1).max(1000),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const MemorySearchResult = z.object({
  memory: Memory,
  /** Higher is more relevant (BM25, negated from SQLite's convention). */
  score: z.number(),
  /** A short excerpt with the matched terms between `**`. */
  snippet: z.string(),
});
export type MemorySearchResult = z.infer<typeof MemorySearchResult>;

/** One memory as a snapshot or bundle carries it: its path, exact content and Lucid metadata. */
export const MemorySnapshotEntry = z.strictObject({
  path: MemoryPath,
  content: z.string(),
  author: MemoryAuthor,
  provenance: z.array(Provenance),
  last_confirmed_at: z.string().nullable(),
  ...MemoryLinks.shape,
});
export type MemorySnapshotEntry = z.infer<typeof MemorySnapshotEntry>;

export const MemorySnapshot = z.object({ memories: z.array(MemorySnapshotEntry) });
export type MemorySnapshot = z.infer<typeof MemorySnapshot>;

export const MemoryImportQuery = z.object({ mode: z.enum(["merge", "replace"]).default("merge") });
export type MemoryImportMode = z.infer<typeof MemoryImportQuery>["mode"];

export const MemoryImportResult = z.object({
  type: z.literal("memory_import"),
  created: z.number().int(),
  modified: z.number().int(),
  deleted: z.number().int(),
  unchanged: z.number().int(),
  /** Lucid extension: memories written under /quarantine/ for a person's review (the poisoning screen found them risky), also counted above. */
  quarantined: z.number().int(),
});
export type MemoryImportResult = z.infer<typeof MemoryImportResult>;

/** A create-or-update at a path, as sessions and dreams ask for it over RPC (no request body reader has checked it). */
export const MemoryWrite = z.strictObject({
  path: MemoryPath,
  content: z.string().refine(isWellFormedText, "must be well-formed Unicode (it holds a lone UTF-16 surrogate)"),
  author: MemoryAuthor,
  provenance: z.array(Provenance).max(100).optional(),
  expected_content_sha256: ContentSha256.optional(),
  /** An idempotency key: a write whose operation_id was applied before is not applied again (steps are retried). */
  operation_id: z.string().min(1).max(256).optional(),
});
export type MemoryWrite = z.input<typeof MemoryWrite>;
