// A credential's secrets at rest: each sealed (src/secrets/secret-box.ts) and bound to its tenant, vault, credential
// and field, so a sealed value copied to another credential, or to another field of the same one, does not open.
import { openSecret, sealSecret, type SecretKeys } from "../secrets/secret-box";

/** The write-only fields of a credential's auth: accepted on create and update, never shown by any route. */
export type SecretField = "token" | "access_token" | "refresh_token" | "client_secret";

/** Secret fields to their values: in clear on the way in, sealed as stored. */
export type CredentialSecrets = Partial<Record<SecretField, string>>;

/** Names the record and field a sealed value belongs to. */
export interface SecretOwner {
  tenantId: string;
  vaultId: string;
  credentialId: string;
}

/** What a sealed value is bound to: the tenant, vault, credential and field it was sealed for. */
export const credentialSecretAssociatedData = (owner: SecretOwner, field: SecretField) =>
  `vault_credential.${field}:${owner.tenantId}:${owner.vaultId}:${owner.credentialId}`;

export async function sealCredentialSecrets(keys: SecretKeys, owner: SecretOwner, secrets: CredentialSecrets): Promise<CredentialSecrets> {
  const sealed: CredentialSecrets = {};
  for (const [field, plaintext] of Object.entries(secrets) as [SecretField, string][]) {
    sealed[field] = await sealSecret(keys, plaintext, credentialSecretAssociatedData(owner, field));
  }
  return sealed;
}

/** Opens one stored secret of a credential; refuses (api_error) a value that was altered or belongs to another record. */
export async function openCredentialSecret(keys: SecretKeys, owner: SecretOwner, field: SecretField, sealed: string): Promise<string> {
  return (await openSecret(keys, sealed, credentialSecretAssociatedData(owner, field))).plaintext;
}
