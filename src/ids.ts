// Prefixed ids as in the Managed Agents API; a session id embeds its agent's id so it routes without a lookup.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const AGENT_KEY_LENGTH = 24;

function randomKey(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let key = "";
  for (const byte of bytes) key += ALPHABET[byte % ALPHABET.length];
  return key;
}

export const newAgentId = () => `agent_${randomKey(AGENT_KEY_LENGTH)}`;
export const newEnvironmentId = () => `env_${randomKey(24)}`;
export const newEventId = () => `sevt_${randomKey(24)}`;
export const newTenantId = () => `tnt_${randomKey(16)}`;
export const newApiKeyId = () => `apikey_${randomKey(24)}`;
export const newEnvironmentKeyId = () => `envkey_${randomKey(24)}`;
export const newSecret = () => randomKey(40);
export const newMemoryStoreId = () => `memstore_${randomKey(24)}`;
export const newMemoryId = () => `mem_${randomKey(24)}`;
export const newMemoryVersionId = () => `memver_${randomKey(24)}`;
/** A workspace is named by its own id, not its session's, so sessions (later a coordinator and its threads) can share one. */
export const newWorkspaceId = () => `wks_${randomKey(24)}`;

export const newDreamId = () => `drm_${randomKey(24)}`;
export const newOutcomeId = () => `outc_${randomKey(24)}`;
export const newWebhookEndpointId = () => `whep_${randomKey(24)}`;
export const newWebhookDeliveryId = () => `whdel_${randomKey(24)}`;
/** A webhook event's id derives from what happened (a digest), so emitting the same occurrence twice is one event. */
export const webhookEventId = (digestHex: string) => `wevt_${digestHex.slice(0, 32)}`;
/** Standard Webhooks secrets: `whsec_` and 32 random bytes in base64. */
export function newWebhookSigningSecret(): string {
  return `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`;
}

/** A dream's progress is readable as a session of its own, hosted by the dream's object. */
export const dreamSessionId = (dreamId: string) => `sesn_${dreamId}`;

/** The dream whose progress session this is; null for an ordinary session id. */
export function dreamIdOfSession(sessionId: string): string | null {
  const match = /^sesn_(drm_[0-9a-z]{24})$/.exec(sessionId);
  return match ? match[1]! : null;
}

export function isDreamId(id: string): boolean {
  return /^drm_[0-9a-z]{24}$/.test(id);
}

export function newSessionId(agentId: string): string {
  return `sesn_${agentId.slice("agent_".length)}${randomKey(16)}`;
}

/** The agent that owns a session, read from the session id itself; null when the id is malformed. */
export function agentIdOfSession(sessionId: string): string | null {
  const match = /^sesn_([0-9a-z]{24})[0-9a-z]{16}$/.exec(sessionId);
  return match ? `agent_${match[1]}` : null;
}

/** A deployment lives in its agent's object; like a session id, its id embeds the agent's key. */
export const newDeploymentId = (agentId: string) => `depl_${agentId.slice("agent_".length)}${randomKey(16)}`;
export const newDeploymentRunId = (agentId: string) => `drun_${agentId.slice("agent_".length)}${randomKey(16)}`;

/** The agent whose key an id of the form `<prefix>_<agent key><16>` embeds; null when the id is malformed. */
function agentIdEmbeddedIn(prefix: string, id: string): string | null {
  const match = new RegExp(`^${prefix}_([0-9a-z]{24})[0-9a-z]{16}$`).exec(id);
  return match ? `agent_${match[1]}` : null;
}

export const agentIdOfDeployment = (deploymentId: string) => agentIdEmbeddedIn("depl", deploymentId);
export const agentIdOfDeploymentRun = (runId: string) => agentIdEmbeddedIn("drun", runId);

export function isAgentId(id: string): boolean {
  return /^agent_[0-9a-z]{24}$/.test(id);
}

export function isEnvironmentId(id: string): boolean {
  return /^env_[0-9a-z]{24}$/.test(id);
}

/**
 * A work item of a self-hosted environment's queue lives in that environment's object; like a session id, its id
 * embeds its owner's key, so a work token (`sk-lucid-<tenant>.<work id>.<secret>`) routes to it without a lookup.
 */
export const newWorkId = (environmentId: string) => `work_${environmentId.slice("env_".length)}_${randomKey(16)}`;

/** The environment whose queue holds a work item, read from the work id itself; null when the id is malformed. */
export function environmentIdOfWork(workId: string): string | null {
  const match = /^work_([0-9a-z]{24})_[0-9a-z]{16}$/.exec(workId);
  return match ? `env_${match[1]}` : null;
}

export const isWorkId = (id: string) => environmentIdOfWork(id) !== null;

export function isWorkspaceId(id: string): boolean {
  return /^wks_[0-9a-z]{24}$/.test(id);
}

export function isMemoryStoreId(id: string): boolean {
  return /^memstore_[0-9a-z]{24}$/.test(id);
}

export const newVaultId = () => `vlt_${randomKey(24)}`;
/** A credential lives in its vault's object, which its routes name beside it (`/v1/vaults/{vault_id}/credentials/{credential_id}`). */
export const newVaultCredentialId = () => `vcrd_${randomKey(24)}`;

export function isVaultId(id: string): boolean {
  return /^vlt_[0-9a-z]{24}$/.test(id);
}
