// Lucid answers the Managed-Agents routes with its own, larger shapes (stop_reason, grader_usage, …); the SDK types
// only the compatible part. This names what the server actually sent, taken from Lucid's schemas.
import type { Session } from "../../src/schemas/session";

export function lucidSession(session: object): Session {
  return session as Session;
}
