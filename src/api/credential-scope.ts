// What each kind of credential may reach, decided after `authenticate` from the method and the path the router matches
// (`c.req.path`, already normalised: no `..`, percent-decoding as routing sees it). The admin key and API keys reach
// everything (tenant isolation is the objects' own check); a self-hosted environment's key reaches only that
// environment's work queue; a work token only what its item's worker needs. Anything else is `403 permission_error`
// naming what the credential may reach.
import { createMiddleware } from "hono/factory";
import { ApiError, echoed } from "../platform/errors";
import type { WorkGrant } from "../schemas/environment-work";
import type { AppEnv, Credential } from "./app-env";

/** Whether `path` is `root` or below it (never a sibling that merely starts with the same characters). */
const isAtOrBelow = (path: string, root: string) => path === root || path.startsWith(`${root}/`);

/** A read: HEAD is answered by the GET route. */
const isRead = (method: string) => method === "GET" || method === "HEAD";

const environmentWork = (environmentId: string) => `/v1/environments/${environmentId}/work`;

export function credentialReaches(credential: Credential, method: string, path: string): boolean {
  switch (credential.type) {
    case "admin":
    case "api_key":
      return true;
    case "environment_key":
      return isAtOrBelow(path, environmentWork(credential.environment_id));
    case "work":
      return workTokenReaches(credential.grant, method, path);
  }
}

/**
 * A work token (proven by work-token.ts) reaches what its item's worker needs: its item's heartbeat and stop, its
 * session (read it, read and stream its events, send events: the events route lets only `user.tool_result` through),
 * and the memories of its session's stores (writes only to a `read_write` one). A stopped item's token reaches only
 * its stop (which then answers 409). Skills (issue 18) are not reachable yet.
 */
export function workTokenReaches(grant: WorkGrant, method: string, path: string): boolean {
  const work = `${environmentWork(grant.environment_id)}/${grant.work_id}`;
  if (grant.state === "stopped") return method === "POST" && path === `${work}/stop`;
  if (method === "POST" && (path === `${work}/heartbeat` || path === `${work}/stop`)) return true;
  const session = `/v1/sessions/${grant.session_id}`;
  if (isRead(method) && [session, `${session}/events`, `${session}/events/stream`].includes(path)) return true;
  if (method === "POST" && path === `${session}/events`) return true;
  const memories = /^\/v1\/memory_stores\/([^/]+)\/memories(?:\/[^/]+)?$/.exec(path);
  const store = memories ? grant.memory_stores.find((attached) => attached.memory_store_id === memories[1]) : undefined;
  if (!store) return false;
  return isRead(method) || store.access === "read_write";
}

/** What the credential may reach, as a refusal says it (never the key itself). */
export function reachOf(credential: Credential): string {
  switch (credential.type) {
    case "admin":
    case "api_key":
      return "every route";
    case "environment_key":
      return `only its environment's work queue, ${environmentWork(credential.environment_id)} and the paths below it`;
    case "work": {
      const { grant } = credential;
      const item = `${environmentWork(grant.environment_id)}/${grant.work_id}`;
      if (grant.state === "stopped") return `only ${item}/stop, its work item being stopped`;
      return `only ${item}/heartbeat and /stop, /v1/sessions/${grant.session_id} with its events, and the memories of that session's memory stores`;
    }
  }
}

export const credentialScope = createMiddleware<AppEnv>(async (c, next) => {
  const credential = c.get("credential");
  if (credentialReaches(credential, c.req.method, c.req.path)) return next();
  const kind = credential.type === "work" ? "work token" : credential.type.replace("_", " ");
  throw new ApiError("permission_error", `This ${kind} may reach ${reachOf(credential)}; not ${c.req.method} ${echoed(c.req.path)}.`);
});
