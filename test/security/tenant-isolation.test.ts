// Tenant isolation, route by route: every route that takes an id answers another tenant with not found, changes nothing,
// and no listing shows another tenant's objects. A new route with ids must be added to ROUTE_IDS below.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/api/app";
import { environmentOf } from "../../src/platform/stubs";
import { ADMIN_KEY, api, createAgent, lucidClient, MODEL, startSession, waitForStatus } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";
import { createCoordinator, createSpecialists, openThreadsAndWait } from "../fixtures/multiagent";
import { createEndpoint, newInbox } from "../fixtures/webhooks";
import { eventually } from "../fixtures/polling";

/** Everything tenant A owns, one of each kind. */
interface Owned {
  key: string;
  keyId: string;
  agentId: string;
  specialistId: string;
  environmentId: string;
  selfHostedEnvironmentId: string;
  environmentKeyId: string;
  workId: string;
  sessionId: string;
  threadId: string;
  filePath: string;
  storeId: string;
  memoryId: string;
  versionId: string;
  bundle: string;
  dreamId: string;
  deploymentId: string;
  runId: string;
  endpointId: string;
  deliveryId: string;
  vaultId: string;
  credentialId: string;
}

/** For each route with path parameters, the values that name A's objects (`*` is a workspace file path). */
const ROUTE_IDS: Record<string, (a: Owned) => Record<string, string>> = {
  "/v1/api_keys/:id": (a) => ({ id: a.keyId }),
  "/v1/agents/:id": (a) => ({ id: a.agentId }),
  "/v1/agents/:id/archive": (a) => ({ id: a.agentId }),
  "/v1/agents/:id/dream": (a) => ({ id: a.agentId }),
  "/v1/agents/:id/memory/rollback": (a) => ({ id: a.agentId }),
  "/v1/agents/:id/versions": (a) => ({ id: a.agentId }),
  "/v1/agents/:id/export": (a) => ({ id: a.agentId }),
  "/v1/agents/:id/mcp_servers/:name/check": (a) => ({ id: a.agentId, name: "cases" }),
  "/v1/environments/:id": (a) => ({ id: a.environmentId }),
  "/v1/environments/:id/archive": (a) => ({ id: a.environmentId }),
  "/v1/environments/:id/keys": (a) => ({ id: a.selfHostedEnvironmentId }),
  "/v1/environments/:id/keys/:key_id": (a) => ({ id: a.selfHostedEnvironmentId, key_id: a.environmentKeyId }),
  "/v1/environments/:id/work": (a) => ({ id: a.selfHostedEnvironmentId }),
  "/v1/environments/:id/work/poll": (a) => ({ id: a.selfHostedEnvironmentId }),
  "/v1/environments/:id/work/stats": (a) => ({ id: a.selfHostedEnvironmentId }),
  "/v1/environments/:id/work/:work_id": (a) => ({ id: a.selfHostedEnvironmentId, work_id: a.workId }),
  "/v1/environments/:id/work/:work_id/ack": (a) => ({ id: a.selfHostedEnvironmentId, work_id: a.workId }),
  "/v1/environments/:id/work/:work_id/heartbeat": (a) => ({ id: a.selfHostedEnvironmentId, work_id: a.workId }),
  "/v1/environments/:id/work/:work_id/stop": (a) => ({ id: a.selfHostedEnvironmentId, work_id: a.workId }),
  "/v1/sessions/:id": (a) => ({ id: a.sessionId }),
  "/v1/sessions/:id/archive": (a) => ({ id: a.sessionId }),
  "/v1/sessions/:id/events": (a) => ({ id: a.sessionId }),
  "/v1/sessions/:id/events/stream": (a) => ({ id: a.sessionId }),
  "/v1/sessions/:id/workspace/files": (a) => ({ id: a.sessionId }),
  "/v1/sessions/:id/workspace/files/*": (a) => ({ id: a.sessionId, "*": a.filePath }),
  "/v1/sessions/:id/threads": (a) => ({ id: a.sessionId }),
  "/v1/sessions/:id/threads/:thread_id": (a) => ({ id: a.sessionId, thread_id: a.threadId }),
  "/v1/sessions/:id/threads/:thread_id/events": (a) => ({ id: a.sessionId, thread_id: a.threadId }),
  "/v1/sessions/:id/threads/:thread_id/stream": (a) => ({ id: a.sessionId, thread_id: a.threadId }),
  "/v1/sessions/:id/threads/:thread_id/archive": (a) => ({ id: a.sessionId, thread_id: a.threadId }),
  "/v1/memory_stores/:id": (a) => ({ id: a.storeId }),
  "/v1/memory_stores/:id/archive": (a) => ({ id: a.storeId }),
  "/v1/memory_stores/:storeId/memories": (a) => ({ storeId: a.storeId }),
  "/v1/memory_stores/:storeId/memories/:memoryId": (a) => ({ storeId: a.storeId, memoryId: a.memoryId }),
  "/v1/memory_stores/:storeId/memory_versions": (a) => ({ storeId: a.storeId }),
  "/v1/memory_stores/:storeId/memory_versions/:versionId": (a) => ({ storeId: a.storeId, versionId: a.versionId }),
  "/v1/memory_stores/:storeId/memory_versions/:versionId/redact": (a) => ({ storeId: a.storeId, versionId: a.versionId }),
  "/v1/memory_stores/:storeId/search": (a) => ({ storeId: a.storeId }),
  "/v1/memory_stores/:storeId/export": (a) => ({ storeId: a.storeId }),
  "/v1/memory_stores/:storeId/import": (a) => ({ storeId: a.storeId }),
  "/v1/dreams/:id": (a) => ({ id: a.dreamId }),
  "/v1/dreams/:id/cancel": (a) => ({ id: a.dreamId }),
  "/v1/dreams/:id/archive": (a) => ({ id: a.dreamId }),
  "/v1/dreams/:id/approve": (a) => ({ id: a.dreamId }),
  "/v1/dreams/:id/reject": (a) => ({ id: a.dreamId }),
  "/v1/deployments/:id": (a) => ({ id: a.deploymentId }),
  "/v1/deployments/:id/archive": (a) => ({ id: a.deploymentId }),
  "/v1/deployments/:id/pause": (a) => ({ id: a.deploymentId }),
  "/v1/deployments/:id/unpause": (a) => ({ id: a.deploymentId }),
  "/v1/deployments/:id/run": (a) => ({ id: a.deploymentId }),
  "/v1/deployment_runs/:id": (a) => ({ id: a.runId }),
  "/v1/vaults/:id": (a) => ({ id: a.vaultId }),
  "/v1/vaults/:id/archive": (a) => ({ id: a.vaultId }),
  "/v1/vaults/:vault_id/credentials": (a) => ({ vault_id: a.vaultId }),
  "/v1/vaults/:vault_id/credentials/:credential_id": (a) => ({ vault_id: a.vaultId, credential_id: a.credentialId }),
  "/v1/vaults/:vault_id/credentials/:credential_id/archive": (a) => ({ vault_id: a.vaultId, credential_id: a.credentialId }),
  "/v1/vaults/:vault_id/credentials/:credential_id/mcp_oauth_validate": (a) => ({ vault_id: a.vaultId, credential_id: a.credentialId }),
  "/v1/webhooks/:id": (a) => ({ id: a.endpointId }),
  "/v1/webhooks/:id/regenerate_signing_secret": (a) => ({ id: a.endpointId }),
  "/v1/webhooks/:id/test": (a) => ({ id: a.endpointId }),
  "/v1/webhooks/:id/deliveries": (a) => ({ id: a.endpointId }),
  "/v1/webhooks/:id/deliveries/:delivery_id": (a) => ({ id: a.endpointId, delivery_id: a.deliveryId }),
  "/v1/webhooks/:id/deliveries/:delivery_id/redeliver": (a) => ({ id: a.endpointId, delivery_id: a.deliveryId }),
};

const userMessage = { type: "user.message", content: [{ type: "text", text: "Whose session is this?" }] };

/** Valid-looking requests, so that a refusal is about ownership and never about a malformed body or query. */
function requestParts(method: string, path: string, a: Owned): { query?: string; init: RequestInit & { json?: unknown } } {
  if (method === "PUT") return { init: { body: "overwritten", headers: { "content-type": "text/markdown" } } };
  if (path.endsWith("/import") && path.startsWith("/v1/memory_stores")) return { init: { body: a.bundle, headers: { "content-type": "text/markdown" } } };
  if (path.endsWith("/search")) return { query: "?q=plan", init: {} };
  if (method !== "POST") return { init: {} };
  const bodies: Record<string, unknown> = {
    "/v1/agents/:id": { name: "Taken over" },
    "/v1/environments/:id": { name: "Taken over" },
    "/v1/environments/:id/work/:work_id": { metadata: { taken: "over" } },
    "/v1/sessions/:id": { title: "Taken over" },
    "/v1/sessions/:id/events": { events: [userMessage] },
    "/v1/memory_stores/:id": { name: "Taken over" },
    "/v1/memory_stores/:storeId/memories": { path: "/planted.md", content: "planted" },
    "/v1/memory_stores/:storeId/memories/:memoryId": { content: "Taken over" },
    "/v1/dreams/:id/approve": {},
    "/v1/deployments/:id": { name: "Taken over" },
    "/v1/webhooks/:id": { name: "Taken over" },
    "/v1/vaults/:id": { display_name: "Taken over" },
    "/v1/vaults/:vault_id/credentials": { auth: { type: "static_bearer", mcp_server_url: "https://mcp.example.com/sse", token: "planted" } },
    "/v1/vaults/:vault_id/credentials/:credential_id": { auth: { type: "static_bearer", token: "taken over" } },
  };
  return { init: { json: bodies[path] ?? {} } };
}

function concretePath(path: string, ids: Record<string, string>): string {
  return path.replace(/:([a-z_]+)|\*/gi, (match, name: string | undefined) => {
    const value = ids[name ?? "*"];
    if (value === undefined) throw new Error(`no value for ${match} in ${path}`);
    return name ? value : value.replace(/^\//, "");
  });
}

/** Each (method, path) once: a route with middleware (its OpenAPI description) appears in `app.routes` once per handler. */
const appRoutes = () => [...new Map(app.routes.map((route) => [`${route.method} ${route.path}`, route])).values()];
const routesWithIds = () => appRoutes().filter((route) => route.method !== "ALL" && /[:*]/.test(route.path));
const listingRoutes = () => appRoutes().filter((route) => route.method === "GET" && route.path.startsWith("/v1/") && !/[:*]/.test(route.path));

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Builds one of everything as tenant A, through the API. */
async function ownEverything(): Promise<Owned> {
  const created = await json<{ id: string; key: string }>(await api("/v1/api_keys", { method: "POST", json: { name: "tenant A" } }));
  const key = created.key;
  const alice = lucidClient(key);
  const as = (path: string, init: RequestInit & { json?: unknown } = {}) => api(path, { apiKey: key, ...init });

  const [specialist] = await createSpecialists(alice, 1);
  const coordinator = await createCoordinator(alice, [specialist!.id]);
  await scriptReplies(coordinator.id, [openThreadsAndWait({ agent_id: specialist!.id, task: "Write the plan." }), textReply("The plan is written.")]);
  await scriptReplies(specialist!.id, [textReply("Plan written.")]);
  const session = await startSession(alice, coordinator.id, "Write a plan.");
  await waitForStatus(alice, session.id, ["idle"], 30_000);
  const threads = await json<{ data: { id: string }[] }>(await as(`/v1/sessions/${session.id}/threads`));
  const filePath = "/notes/plan.md";
  expect(
    (await as(`/v1/sessions/${session.id}/workspace/files${filePath}`, { method: "PUT", body: "# Plan\n", headers: { "content-type": "text/markdown" } }))
      .status,
  ).toBe(201);

  const store = await json<{ id: string }>(await as("/v1/memory_stores", { method: "POST", json: { name: "A's store" } }));
  const memory = await json<{ id: string }>(
    await as(`/v1/memory_stores/${store.id}/memories`, { method: "POST", json: { path: "/plan.md", content: "The plan." } }),
  );
  await json(await as(`/v1/memory_stores/${store.id}/memories/${memory.id}`, { method: "POST", json: { content: "The plan, revised." } }));
  const versions = await json<{ data: { id: string }[] }>(await as(`/v1/memory_stores/${store.id}/memory_versions`));
  const bundle = await (await as(`/v1/memory_stores/${store.id}/export`)).text();

  const dream = await json<{ id: string }>(
    await as("/v1/dreams", {
      method: "POST",
      json: {
        model: MODEL,
        inputs: [
          { type: "memory_store", memory_store_id: store.id },
          { type: "sessions", session_ids: [session.id] },
        ],
      },
    }),
  );
  const deployment = await json<{ id: string }>(
    await as("/v1/deployments", {
      method: "POST",
      json: { agent: specialist!.id, environment_id: session.environment_id, name: "A's deployment", initial_events: [userMessage] },
    }),
  );
  const run = await json<{ id: string }>(await as(`/v1/deployments/${deployment.id}/run`, { method: "POST", json: {} }));

  const selfHosted = await json<{ id: string }>(
    await as("/v1/environments", { method: "POST", json: { name: "A's machine", config: { type: "self_hosted" } } }),
  );
  const environmentKey = await json<{ id: string }>(await as(`/v1/environments/${selfHosted.id}/keys`, { method: "POST" }));
  // Work is queued by A's sessions in the environment; here directly on its queue, as the session side does.
  const tenantId = /^sk-lucid-(tnt_[0-9a-z]+)\./.exec(key)![1]!;
  const work = await environmentOf(env, selfHosted.id).enqueueSession(tenantId, selfHosted.id, {
    session_id: session.id,
    agent_id: coordinator.id,
    memory_stores: [],
  });

  const vault = await json<{ id: string }>(await as("/v1/vaults", { method: "POST", json: { display_name: "A's vault" } }));
  const credential = await json<{ id: string }>(
    await as(`/v1/vaults/${vault.id}/credentials`, {
      method: "POST",
      json: { auth: { type: "static_bearer", mcp_server_url: "https://mcp.example.com/sse", token: "A's token" } },
    }),
  );

  const endpoint = await createEndpoint(newInbox("isolation"), ["session.status_idled"], key);
  const delivery = await json<{ id: string }>(await as(`/v1/webhooks/${endpoint.id}/test`, { method: "POST", json: {} }));

  return {
    key,
    keyId: created.id,
    agentId: coordinator.id,
    specialistId: specialist!.id,
    environmentId: session.environment_id,
    selfHostedEnvironmentId: selfHosted.id,
    environmentKeyId: environmentKey.id,
    workId: work.id,
    sessionId: session.id,
    threadId: threads.data[0]!.id,
    filePath,
    storeId: store.id,
    memoryId: memory.id,
    versionId: versions.data[0]!.id,
    bundle,
    dreamId: dream.id,
    deploymentId: deployment.id,
    runId: run.id,
    endpointId: endpoint.id,
    deliveryId: delivery.id,
    vaultId: vault.id,
    credentialId: credential.id,
  };
}

/** What tenant A sees of its objects, leaving out what changes by itself (running dreams and runs, delivery attempts). */
async function viewOf(a: Owned) {
  const as = async (path: string) => json<Record<string, unknown>>(await api(path, { apiKey: a.key }));
  const pick = (object: Record<string, unknown>, ...fields: string[]) => Object.fromEntries(fields.map((field) => [field, object[field]]));
  const ids = (page: Record<string, unknown>) => (page.data as { id: string }[]).map((item) => item.id);
  const dream = await as(`/v1/dreams/${a.dreamId}`);
  return {
    agents: await Promise.all(
      [a.agentId, a.specialistId].map(async (id) => pick(await as(`/v1/agents/${id}`), "name", "version", "archived_at", "description")),
    ),
    environment: await as(`/v1/environments/${a.environmentId}`),
    selfHostedEnvironment: await as(`/v1/environments/${a.selfHostedEnvironmentId}`),
    environmentKeys: ids(await as(`/v1/environments/${a.selfHostedEnvironmentId}/keys`)),
    work: await as(`/v1/environments/${a.selfHostedEnvironmentId}/work/${a.workId}`),
    workQueue: await as(`/v1/environments/${a.selfHostedEnvironmentId}/work/stats`),
    session: pick(await as(`/v1/sessions/${a.sessionId}`), "title", "metadata", "status", "archived_at", "agent"),
    events: ids(await as(`/v1/sessions/${a.sessionId}/events?limit=100`)),
    threads: ids(await as(`/v1/sessions/${a.sessionId}/threads`)),
    file: await (await api(`/v1/sessions/${a.sessionId}/workspace/files${a.filePath}`, { apiKey: a.key })).text(),
    store: await as(`/v1/memory_stores/${a.storeId}`),
    memories: await as(`/v1/memory_stores/${a.storeId}/memories?view=full`),
    versions: await as(`/v1/memory_stores/${a.storeId}/memory_versions`),
    dream: { archived_at: dream.archived_at, canceled: dream.status === "canceled" },
    deployment: pick(await as(`/v1/deployments/${a.deploymentId}`), "name", "status", "archived_at", "paused_reason"),
    run: pick(await as(`/v1/deployment_runs/${a.runId}`), "id", "deployment_id"),
    endpoint: await as(`/v1/webhooks/${a.endpointId}`),
    deliveries: ids(await as(`/v1/webhooks/${a.endpointId}/deliveries`)),
    vault: await as(`/v1/vaults/${a.vaultId}`),
    credentials: await as(`/v1/vaults/${a.vaultId}/credentials?include_archived=true`),
  };
}

function allIds(a: Owned): string[] {
  const { key: _key, filePath: _path, bundle: _bundle, keyId: _keyId, ...ids } = a;
  return Object.values(ids);
}

describe("tenant isolation", () => {
  let a: Owned;
  let outsiderKey: string;

  beforeAll(async () => {
    a = await ownEverything();
    outsiderKey = ((await (await api("/v1/api_keys", { method: "POST", json: { name: "tenant B" } })).json()) as { key: string }).key;
    // The test event is on its way; wait for it to settle so the delivery log stops moving.
    await eventually(async () => {
      const delivery = (await (await api(`/v1/webhooks/${a.endpointId}/deliveries/${a.deliveryId}`, { apiKey: a.key })).json()) as { status: string };
      return delivery.status === "pending" ? undefined : delivery;
    }, "the test delivery to settle");
  }, 90_000);

  it("names every route that takes an id in its table", () => {
    const unmapped = routesWithIds().filter((route) => !ROUTE_IDS[route.path]);
    expect(unmapped.map((route) => `${route.method} ${route.path}`)).toEqual([]);
  });

  const outsiders: [string, () => string][] = [
    ["another tenant's key", () => outsiderKey],
    ["the admin key, acting as the default tenant", () => ADMIN_KEY],
  ];

  it.each(outsiders)("answers %s not found on every route with tenant A's ids, and changes nothing of A's", async (_label, outsider) => {
    const before = await viewOf(a);
    const answered: string[] = [];
    for (const route of routesWithIds()) {
      const isKeyManagement = route.path.startsWith("/v1/api_keys");
      // Managing keys is the admin key's job by design; for a tenant key it is refused outright.
      if (isKeyManagement && outsider() === ADMIN_KEY) continue;
      const ids = ROUTE_IDS[route.path]?.(a);
      if (!ids) continue; // reported by the test above
      const { query = "", init } = requestParts(route.method, route.path, a);
      const url = concretePath(route.path, ids) + query;
      const response = await api(url, { method: route.method, apiKey: outsider(), ...init });
      const expected = isKeyManagement ? { status: 403, type: "permission_error" } : { status: 404, type: "not_found_error" };
      const label = `${route.method} ${route.path}`;
      const text = await response.text();
      expect({ route: label, status: response.status }).toEqual({ route: label, status: expected.status });
      expect(JSON.parse(text), label).toMatchObject({ type: "error", error: { type: expected.type } });
      // An error may repeat an id the request named (a session id embeds its agent's key), never another of A's objects.
      const named = (id: string) => url.includes(id.slice(id.indexOf("_") + 1));
      for (const id of allIds(a).filter((id) => !named(id))) expect(text.includes(id), `${label} shows ${id}: ${text}`).toBe(false);
      answered.push(label);
    }
    expect(answered.length).toBeGreaterThan(40);
    expect(await viewOf(a)).toEqual(before);
  });

  it.each(outsiders)("refuses %s a WebSocket on A's event stream", async (_label, outsider) => {
    const response = await api(`/v1/sessions/${a.sessionId}/events/stream`, {
      apiKey: outsider(),
      headers: { upgrade: "websocket", connection: "Upgrade", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" },
    });
    expect(response.status).toBe(404);
    expect(response.webSocket).toBeNull();
    expect(await response.json()).toMatchObject({ error: { type: "not_found_error" } });
  });

  it.each(outsiders)("never shows A's objects in the listings %s sees", async (_label, outsider) => {
    for (const route of listingRoutes()) {
      const response = await api(`${route.path}?limit=100`, { apiKey: outsider() });
      const text = await response.text();
      if (route.path === "/v1/api_keys" && outsider() !== ADMIN_KEY) {
        expect(response.status).toBe(403);
        continue;
      }
      expect(response.status, route.path).toBe(200);
      for (const id of allIds(a)) expect(text.includes(id), `${route.path} lists ${id}`).toBe(false);
    }
    // A sees its own, so the listings above were not simply empty.
    const own = await (await api("/v1/agents?limit=100", { apiKey: a.key })).text();
    expect(own).toContain(a.agentId);
  });

  it("lets A's key create nothing in another tenant: a session cannot use another tenant's agent or environment", async () => {
    const outsiderAgent = await createAgent(lucidClient(outsiderKey));
    const response = await api("/v1/sessions", { method: "POST", apiKey: a.key, json: { agent: outsiderAgent.id, environment_id: a.environmentId } });
    expect(response.status).toBe(404);
    const withEnvironment = await api("/v1/sessions", {
      method: "POST",
      apiKey: outsiderKey,
      json: { agent: outsiderAgent.id, environment_id: a.environmentId },
    });
    expect(withEnvironment.status).toBe(404);
    const dream = await api("/v1/dreams", {
      method: "POST",
      apiKey: outsiderKey,
      json: {
        model: MODEL,
        inputs: [
          { type: "memory_store", memory_store_id: a.storeId },
          { type: "sessions", session_ids: [a.sessionId] },
        ],
      },
    });
    expect(dream.status).toBe(404);
  });
});
