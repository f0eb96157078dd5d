// Memory stores as the Managed Agents API types them (BetaManagedAgentsMemoryStore), and their request shapes.
import { z } from "zod";
import { CreatedAtQuery, FreeText, Metadata, MetadataPatch, NameText, PageQuery } from "./common";

/** 1 to 255 characters without control characters, as the API requires of store names. */
export const StoreName = NameText.min(1).max(255);

export const StoreDescription = FreeText.max(1024);

export const MemoryStore = z.object({
  id: z.string(),
  type: z.literal("memory_store"),
  name: z.string(),
  /** Empty string when unset, as in the API. */
  description: z.string(),
  metadata: Metadata,
  created_at: z.string(),
  updated_at: z.string(),
  archived_at: z.string().nullable(),
});
export type MemoryStore = z.infer<typeof MemoryStore>;

export const MemoryStoreCreate = z.strictObject({
  name: StoreName,
  description: StoreDescription.optional(),
  metadata: Metadata.optional(),
});
export type MemoryStoreCreate = z.infer<typeof MemoryStoreCreate>;

/** What a new store is made of: its id (chosen by the caller, since the id names the object) and its fields. */
export type NewMemoryStore = MemoryStoreCreate & { id: string };

export const MemoryStoreUpdate = z.strictObject({
  name: StoreName.nullish(),
  description: StoreDescription.nullish(),
  metadata: MetadataPatch.nullish(),
});
export type MemoryStoreUpdate = z.infer<typeof MemoryStoreUpdate>;

export const MemoryStoreListQuery = PageQuery.extend(CreatedAtQuery.shape).extend({
  include_archived: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional(),
});

export const DeletedMemoryStore = z.object({ id: z.string(), type: z.literal("memory_store_deleted") });
export type DeletedMemoryStore = z.infer<typeof DeletedMemoryStore>;
