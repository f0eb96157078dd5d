// Environment keys (Lucid extension): the credential a self-hosted environment's worker polls its work queue with.
// Created by a tenant (or the admin) key, shown once, stored as a SHA-256 hash; it reaches only its environment's work.
import { z } from "zod";

export const EnvironmentKey = z.object({
  id: z.string(),
  type: z.literal("environment_key"),
  environment_id: z.string(),
  created_at: z.string(),
});
export type EnvironmentKey = z.infer<typeof EnvironmentKey>;

/** The one answer that holds the key itself: Lucid keeps only its hash. */
export const CreatedEnvironmentKey = EnvironmentKey.extend({ key: z.string() });
export type CreatedEnvironmentKey = z.infer<typeof CreatedEnvironmentKey>;

export const DeletedEnvironmentKey = z.object({ id: z.string(), type: z.literal("environment_key_deleted") });
export type DeletedEnvironmentKey = z.infer<typeof DeletedEnvironmentKey>;
