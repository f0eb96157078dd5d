// Vaults as the Managed Agents API types them (BetaManagedAgentsVault), and their request shapes.
import { z } from "zod";
import { Metadata, MetadataPatch, NameText, PageQuery } from "./common";
import { MAX_VAULTS_PER_SESSION } from "./limits";

/** 1 to 255 characters without control characters, as the API requires of vault names. */
export const VaultDisplayName = NameText.min(1).max(255);

export const Vault = z.object({
  id: z.string(),
  type: z.literal("vault"),
  display_name: z.string(),
  metadata: Metadata,
  created_at: z.string(),
  updated_at: z.string(),
  archived_at: z.string().nullable(),
});
export type Vault = z.infer<typeof Vault>;

export const VaultCreate = z.strictObject({
  display_name: VaultDisplayName,
  metadata: Metadata.optional(),
});
export type VaultCreate = z.infer<typeof VaultCreate>;

/** What a new vault is made of: its id (chosen by the caller, since the id names the object) and its fields. */
export type NewVault = VaultCreate & { id: string };

export const VaultUpdate = z.strictObject({
  display_name: VaultDisplayName.nullish(),
  metadata: MetadataPatch.nullish(),
});
export type VaultUpdate = z.infer<typeof VaultUpdate>;

/** `include_archived` as the SDK sends it: the strings "true" and "false". */
export const IncludeArchivedQuery = z
  .enum(["true", "false"])
  .transform((value) => value === "true")
  .optional();

export const VaultListQuery = PageQuery.extend({ include_archived: IncludeArchivedQuery });

export const DeletedVault = z.object({ id: z.string(), type: z.literal("vault_deleted") });
export type DeletedVault = z.infer<typeof DeletedVault>;

/** Vaults whose credentials a session's MCP calls present (the first credential for a server's URL, vault by vault). */
export const VaultIds = z
  .array(z.string().min(1).max(64))
  .max(MAX_VAULTS_PER_SESSION, `at most ${MAX_VAULTS_PER_SESSION} vaults can be given to a session`)
  .refine((ids) => new Set(ids).size === ids.length, "a vault is given twice");
