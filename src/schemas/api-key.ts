// Tenant API keys (Lucid extension): created by the admin key, shown once, stored as a SHA-256 hash.
import { z } from "zod";

export const ApiKeyCreate = z.strictObject({
  name: z.string().min(1).max(256),
  /** Join an existing tenant; omitted, the key opens a new tenant of its own. */
  tenant_id: z.string().regex(/^tnt_[0-9a-z]{16}$|^tnt_default$/).optional(),
});

export const ApiKey = z.object({
  id: z.string(),
  type: z.literal("api_key"),
  name: z.string(),
  tenant_id: z.string(),
  created_at: z.string(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const CreatedApiKey = ApiKey.extend({ key: z.string() });
