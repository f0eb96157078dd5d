// Memory versions as the Managed Agents API types them (BetaManagedAgentsMemoryVersion): one per change, redactable.
import { z } from "zod";
import { PageQuery } from "./common";
import { MemoryAuthor, MemoryView } from "./memory";

/** Who made a change. Lucid records API keys (the admin key as "admin") and sessions; dreams are named in `lucid.author`. */
export const Actor = z.discriminatedUnion("type", [
  z.object({ type: z.literal("api_actor"), api_key_id: z.string() }),
  z.object({ type: z.literal("session_actor"), session_id: z.string() }),
]);
export type Actor = z.infer<typeof Actor>;

export const MemoryVersionOperation = z.enum(["created", "modified", "deleted"]);
export type MemoryVersionOperation = z.infer<typeof MemoryVersionOperation>;

export const MemoryVersion = z.object({
  id: z.string(),
  type: z.literal("memory_version"),
  memory_id: z.string(),
  memory_store_id: z.string(),
  operation: MemoryVersionOperation,
  /** null in the basic view, on `deleted` versions and once redacted. */
  content: z.string().nullable(),
  content_sha256: z.string().nullable(),
  content_size_bytes: z.number().int().nullable(),
  /** null only once redacted. */
  path: z.string().nullable(),
  created_by: Actor.nullable(),
  created_at: z.string(),
  redacted_at: z.string().nullable(),
  redacted_by: Actor.nullable(),
  /** Lucid extension: the author of the change, including dreams, which have no wire actor. */
  lucid: z.object({ author: MemoryAuthor }),
});
export type MemoryVersion = z.infer<typeof MemoryVersion>;

/** An RFC 3339 time, brought to the UTC form Lucid stores so that comparing strings compares times. */
const Timestamp = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

export const MemoryVersionListQuery = PageQuery.extend({
  memory_id: z.string().optional(),
  operation: MemoryVersionOperation.optional(),
  session_id: z.string().optional(),
  api_key_id: z.string().optional(),
  /** Lucid has no service accounts, so this filter matches nothing; it is accepted because the API has it. */
  service_account_id: z.string().optional(),
  "created_at[gte]": Timestamp.optional(),
  "created_at[lte]": Timestamp.optional(),
  view: MemoryView.optional(),
});
export type MemoryVersionListQuery = z.infer<typeof MemoryVersionListQuery>;
