// What the deployment modules need from the AgentObject that holds an agent's deployments.
import type { NewSession } from "../agent/capabilities/sessions";
import type { Env } from "../env";
import type { Session } from "../schemas/session";

export interface DeploymentHost {
  readonly sql: SqlStorage;
  readonly env: Env;
  /** Runs `write` in one storage transaction: all of it is kept, or none. */
  transaction<T>(write: () => T): T;
  /** Creates a session exactly as `POST /v1/sessions` does; `alongside` runs inside the transaction that records it. */
  createSession(tenantId: string, agentId: string, params: NewSession, alongside: () => void): Promise<Session>;
  /** Sets the object's one alarm to its earliest due work, after the schedule table changed. */
  armAlarm(): Promise<void>;
}
