// The answer of `POST /v1/secrets/reseal` (Lucid extension, admin only): the last step of a LUCID_SECRETS_KEY rotation.
import { z } from "zod";

/** The request takes no parameters (an empty body, or none). */
export const SecretsResealRequest = z.strictObject({});

export const SecretsReseal = z.object({
  type: z.literal("secrets_reseal"),
  /** Tenants whose stored secrets were checked: every tenant that holds an API key, and the admin key's own. */
  tenants_checked: z.number().int(),
  /** Secrets rewritten under the current key (found in the clear or under LUCID_SECRETS_KEY_PREVIOUS). */
  resealed: z.number().int(),
  /**
   * Secrets neither configured key opens (a webhook endpoint's signing secret, or a vault credential's): keep
   * LUCID_SECRETS_KEY_PREVIOUS until this is empty, or replace them (regenerate the signing secret, update the credential).
   */
  unopenable: z.array(
    z.union([
      z.object({ tenant_id: z.string(), webhook_endpoint_id: z.string() }),
      z.object({ tenant_id: z.string(), vault_id: z.string(), vault_credential_id: z.string() }),
    ]),
  ),
});
export type SecretsReseal = z.infer<typeof SecretsReseal>;
