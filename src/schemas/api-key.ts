// Tenant API keys (Lucid extension): created by the admin key, shown once, stored as a SHA-256 hash.
import { z } from "zod";
import { NameText } from "./common";

export const ApiKeyCreate = z.strictObject({
  name: NameText.min(1).max(256),
  /** Join an existing tenant; omitted, the key opens a new tenant of its own. */
  tenant_id: z
    .string()
    .regex(/^tnt_[0-9a-z]{16}$|^tnt_default$/)
    .optional(),
  /** Lucid extension: this key's request budget; omitted, the deployment's LUCID_RATE_LIMIT_PER_MINUTE applies. */
  rate_limit_per_minute: z.number().int().min(1).max(1_000_000).optional(),
});

export const ApiKey = z.object({
  id: z.string(),
  type: z.literal("api_key"),
  name: z.string(),
  tenant_id: z.string(),
  /** Lucid extension: the key's own request budget, or null for the deployment's default. */
  rate_limit_per_minute: z.number().int().nullable(),
  created_at: z.string(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const CreatedApiKey = ApiKey.extend({ key: z.string() });

export const DeletedApiKey = z.object({ id: z.string(), type: z.literal("api_key_deleted") });
export type DeletedApiKey = z.infer<typeof DeletedApiKey>;
