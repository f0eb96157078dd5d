// Property-based fuzz of every route of the API: random and malformed ids, bodies, queries and headers always get a 4xx
// in the Anthropic error shape (never a 5xx or a stack trace), and change no stored data.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../src/api/app";
import type { ApiErrorType } from "../../src/platform/errors";
import { MAX_JSON_BODY_BYTES } from "../../src/schemas/limits";
import { ADMIN_KEY, api, lucidFetch, MODEL } from "../fixtures/lucid";

const SEED = 20_260_408;
const NUM_RUNS = 1_500;

const ERROR_TYPES: ApiErrorType[] = [
  "invalid_request_error",
  "authentication_error",
  "permission_error",
  "not_found_error",
  "conflict_error",
  "memory_path_conflict_error",
  "memory_precondition_failed_error",
  "precondition_failed_error",
  "request_too_large",
  "rate_limit_error",
];
/** What a leaked stack trace looks like: `at fn (file.ts:12:5)`, or a file and line. */
const STACK_TRACE = /\bat \S+ \(|\.(ts|js|mjs):\d+/;

interface Route {
  method: string;
  path: string;
  /** `:name` segments, in order. */
  params: string[];
  wildcard: boolean;
}

/** Every route of the app, enumerated from Hono itself, so a route added later is fuzzed without changing this file. */
function apiRoutes(): Route[] {
  const seen = new Map<string, Route>();
  for (const { method, path } of app.routes) {
    if (method === "ALL" || !path.startsWith("/v1/")) continue;
    const params = [...path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
    seen.set(`${method} ${path}`, { method, path, params, wildcard: path.endsWith("/*") });
  }
  return [...seen.values()];
}

/** The real objects of one tenant, created before the fuzz, so that fuzzed requests also reach objects that exist. */
interface World {
  key: string;
  agentId: string;
  environmentId: string;
  sessionId: string;
  storeId: string;
  memoryId: string;
  memoryVersionId: string;
  dreamId: string;
  deploymentId: string;
  webhookId: string;
  apiKeyId: string;
  filePath: string;
}

async function json<T>(response: Promise<Response>): Promise<T> {
  const settled = await response;
  const body = (await settled.json()) as T;
  if (!settled.ok) throw new Error(`setup request failed with ${settled.status}: ${JSON.stringify(body)}`);
  return body;
}

async function createWorld(name: string): Promise<World> {
  const { key, id: apiKeyId } = await json<{ key: string; id: string }>(api("/v1/api_keys", { method: "POST", json: { name } }));
  const as = (path: string, init: RequestInit & { json?: unknown } = {}) => api(path, { ...init, apiKey: key });
  const post = <T>(path: string, body: unknown) => json<T & { id: string }>(as(path, { method: "POST", json: body }));
  const environment = await post("/v1/environments", { name: `${name} environment` });
  const agent = await post<{ memory_store_id: string }>("/v1/agents", { name: `${name} agent`, model: MODEL, memory: { reflection: false } });
  const store = await post("/v1/memory_stores", { name: `${name} store` });
  const memory = await post<{ memory_version_id: string }>(`/v1/memory_stores/${store.id}/memories`, {
    path: "/notes/fuzz.md",
    content: "A memory the fuzz must not change.",
  });
  const session = await post("/v1/sessions", { agent: agent.id, environment_id: environment.id, title: `${name} session` });
  const filePath = "notes/real.md";
  await json(as(`/v1/sessions/${session.id}/workspace/files/${filePath}`, { method: "PUT", body: "# Real\n", headers: { "content-type": "text/markdown" } }));
  const deployment = await post("/v1/deployments", {
    agent: agent.id,
    environment_id: environment.id,
    name: `${name} deployment`,
    initial_events: [{ type: "user.message", content: [{ type: "text", text: "hello" }] }],
  });
  const dream = await post("/v1/dreams", {
    inputs: [
      { type: "memory_store", memory_store_id: store.id },
      { type: "sessions", session_ids: [session.id] },
    ],
    model: MODEL,
  });
  await json(as(`/v1/dreams/${dream.id}/cancel`, { method: "POST" }));
  await waitUntil(async () => ["completed", "failed", "canceled"].includes((await json<{ status: string }>(as(`/v1/dreams/${dream.id}`))).status));
  // Last, so no event of the setup is delivered to it while the fuzz runs.
  const webhook = await post("/v1/webhooks", { url: "https://example.com/fuzz", enabled_events: ["agent.archived"] });
  return {
    key,
    agentId: agent.id,
    environmentId: environment.id,
    sessionId: session.id,
    storeId: store.id,
    memoryId: memory.id,
    memoryVersionId: memory.memory_version_id,
    dreamId: dream.id,
    deploymentId: deployment.id,
    webhookId: webhook.id,
    apiKeyId,
    filePath,
  };
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the setup to settle");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The real ids a route's parameter can take in a world: by parameter name, then by the resource the path is under. */
function realIdsFor(world: World, route: Route, param: string): string[] {
  const byParam: Record<string, string[]> = {
    storeId: [world.storeId],
    memoryId: [world.memoryId],
    versionId: [world.memoryVersionId],
  };
  if (byParam[param]) return byParam[param];
  const resource = route.path.split("/")[2]!;
  const byResource: Record<string, string[]> = {
    agents: [world.agentId],
    environments: [world.environmentId],
    sessions: [world.sessionId],
    memory_stores: [world.storeId],
    dreams: [world.dreamId],
    deployments: [world.deploymentId],
    webhooks: [world.webhookId],
    api_keys: [world.apiKeyId],
  };
  return byResource[resource] ?? [];
}

const allRealIds = (world: World) => [
  world.agentId,
  world.environmentId,
  world.sessionId,
  world.storeId,
  world.memoryId,
  world.memoryVersionId,
  world.dreamId,
  world.deploymentId,
  world.webhookId,
];

/** Everything a tenant can read about its data, with values that change by themselves (elapsed time) left out. */
async function snapshot(key: string, world?: World): Promise<unknown> {
  const paths = [
    "/v1/agents?include_archived=true&limit=100",
    "/v1/sessions?include_archived=true&limit=100",
    "/v1/environments?include_archived=true&limit=100",
    "/v1/memory_stores?include_archived=true&limit=100",
    "/v1/dreams?include_archived=true&limit=100",
    "/v1/deployments?include_archived=true&limit=100",
    "/v1/deployment_runs?limit=100",
    "/v1/webhooks?limit=100",
  ];
  if (world) {
    paths.push(
      `/v1/agents/${world.agentId}`,
      `/v1/agents/${world.agentId}/versions`,
      `/v1/sessions/${world.sessionId}`,
      `/v1/sessions/${world.sessionId}/events?limit=100`,
      `/v1/sessions/${world.sessionId}/workspace/files`,
      `/v1/sessions/${world.sessionId}/workspace/files/${world.filePath}?view=metadata`,
      `/v1/memory_stores/${world.storeId}`,
      `/v1/memory_stores/${world.storeId}/memories?view=full&limit=20`,
      `/v1/memory_stores/${world.storeId}/memory_versions?limit=100`,
      `/v1/dreams/${world.dreamId}`,
      `/v1/deployments/${world.deploymentId}`,
      `/v1/webhooks/${world.webhookId}`,
    );
  }
  if (key === ADMIN_KEY) paths.push("/v1/api_keys?limit=100");
  const state: Record<string, unknown> = {};
  for (const path of paths) {
    const response = await api(path, { apiKey: key });
    state[path] = { status: response.status, body: JSON.parse(await response.text(), (name, value) => (name === "duration_seconds" ? undefined : value)) };
  }
  return state;
}

// --- Generators ---

const ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".split("");
const idKey = (length: number) => fc.array(fc.constantFrom(...ID_ALPHABET), { minLength: length, maxLength: length }).map((chars) => chars.join(""));

/** Ids that look right (valid prefixes and lengths) but name nothing, and ids that are wrong in every other way. */
const fuzzedId: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom("agent_", "env_", "memstore_", "mem_", "memver_", "drm_", "whep_", "whdel_", "apikey_", "wks_"), idKey(24))
    .map(([prefix, key]) => prefix + key),
  fc.tuple(fc.constantFrom("sesn_", "depl_", "drun_"), idKey(40)).map(([prefix, key]) => prefix + key),
  idKey(24).map((key) => `sesn_drm_${key}`),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 20 }).map(encodeURIComponent),
  fc.constantFrom(
    "%2F",
    "a%2Fb",
    "%5C",
    "%",
    "%zz",
    "%00",
    "%E0%A4%A",
    "%FF%FE",
    "tnt_default",
    "admin",
    "null",
    "undefined",
    "-1",
    "0",
    "__proto__",
    "constructor",
  ),
  fc.integer({ min: 300, max: 6_000 }).map((length) => "x".repeat(length)),
);

/** Path segments that the URL parser itself resolves (`..`): only safe where no real id precedes them. */
const dotSegment = fc.constantFrom("..", ".", "%2e%2e", "%2E.", "%2e");
const hasDotSegment = (path: string) => path.split("/").some((segment) => /^(\.|%2e){1,2}$/i.test(segment));

const headerValue = fc.string({ unit: "binary-ascii", maxLength: 80 }).map((value) => value.replace(/[\x00-\x1f\x7f]/g, "?"));

const contentType = fc.oneof(
  fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "application/vnd.api+json",
    "text/plain",
    "text/html",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=----x",
    "application/octet-stream",
    "application/xml",
    "",
  ),
  headerValue,
);

const headers = fc.record(
  {
    "content-type": contentType,
    "anthropic-version": fc.oneof(fc.constantFrom("2023-06-01", "1999-99-99", ""), headerValue),
    "anthropic-beta": fc.oneof(fc.constantFrom("managed-agents-2026-04-01", "nonsense-beta,,,"), headerValue),
    accept: fc.constantFrom("application/json", "text/event-stream", "*/*", "text/html"),
    "if-match": headerValue,
    "if-none-match": headerValue,
    "last-event-id": headerValue,
    "x-fuzz": headerValue,
  },
  { requiredKeys: [] },
);

const queryValue = fc.oneof(
  fc.constantFrom(
    "",
    "-1",
    "0",
    "1",
    "100",
    "101",
    "1e309",
    "NaN",
    "true",
    "false",
    "asc",
    "desc",
    "full",
    "basic",
    "idle",
    "merge",
    "replace",
    "page_",
    "page_bm9wZQ",
    "2026-13-45T99:99:99Z",
  ),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.integer({ min: 2_000, max: 5_000 }).map((length) => "q".repeat(length)),
);
const queryKey = fc.oneof(
  fc.constantFrom(
    "limit",
    "page",
    "order",
    "view",
    "include_archived",
    "statuses",
    "statuses[]",
    "types",
    "types[]",
    "created_at[gt]",
    "created_at[lte]",
    "q",
    "depth",
    "path_prefix",
    "mode",
    "version",
    "expected_content_sha256",
    "after_id",
    "event_deltas[]",
    "agent_id",
    "prefix",
    "deployment_id",
    "has_error",
    "trigger_type",
    "status",
  ),
  fc.string({ maxLength: 12 }),
);
const query = fc.oneof(
  fc.array(fc.tuple(queryKey, queryValue), { maxLength: 6 }),
  // Many values of one list filter: each would be one SQL parameter.
  fc
    .tuple(fc.constantFrom("statuses[]", "types[]", "event_deltas[]"), fc.integer({ min: 30, max: 300 }))
    .map(([key, count]) => Array.from({ length: count }, (_, index): [string, string] => [key, index % 2 ? "idle" : `t${index}`])),
);

/** A body no route can accept: its JSON is broken, not an object, or carries a field no schema has. */
function isInvalidByConstruction(text: string): boolean {
  if (!text.trim()) return false;
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return true;
    return Object.keys(value).some((key) => key.startsWith("fuzz_"));
  } catch {
    return true;
  }
}

const OVERSIZED = `{"fuzz_padding": "${"p".repeat(MAX_JSON_BODY_BYTES)}"}`;
const KNOWN_FIELDS = [
  "name",
  "model",
  "tools",
  "events",
  "content",
  "path",
  "inputs",
  "url",
  "enabled_events",
  "agent",
  "environment_id",
  "metadata",
  "config",
  "title",
  "precondition",
];
const anyJson = fc.jsonValue({ maxDepth: 4 });

const DEEP_PLACES = [
  '{"fuzz_deep": DEEP}',
  '{"fuzz_x": 1, "tools": [{"type": "custom", "name": "t", "description": "d", "input_schema": {"type": "object", "properties": {"p": DEEP}}}]}',
  '{"fuzz_x": 1, "events": [{"type": "user.message", "content": [{"type": "image", "source": {"type": "base64", "data": DEEP}}]}]}',
  '{"fuzz_x": 1, "initial_events": [{"type": "user.message", "content": [{"type": "document", "source": {"type": "text"}, "x": DEEP}]}]}',
];

type Body = { text: string } | { bytes: Uint8Array };
const body: fc.Arbitrary<Body> = fc.oneof(
  // Objects with the fields routes know, holding random values, plus one field none knows.
  fc
    .tuple(fc.dictionary(fc.constantFrom(...KNOWN_FIELDS), anyJson, { maxKeys: 4 }), fc.string({ maxLength: 8 }), anyJson)
    .map(([fields, suffix, value]) => ({ text: JSON.stringify({ ...fields, [`fuzz_${suffix}`]: value }) })),
  anyJson.filter((value) => value === null || typeof value !== "object" || Array.isArray(value)).map((value) => ({ text: JSON.stringify(value) })),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 }).map((text) => ({ text })),
  fc.constantFrom("{", '{"name": }', "[1, 2", "{'name': 'single quotes'}", '{"name": "x"', "\u0000", "nul\u0000l", "NaN", "}{").map((text) => ({ text })),
  // Nesting deep enough to overflow a recursive parser or validator, at the top and inside fields validated as any JSON.
  fc
    .tuple(fc.integer({ min: 500, max: 20_000 }), fc.constantFrom(...DEEP_PLACES))
    .map(([depth, place]) => ({ text: place.replace("DEEP", `${"[".repeat(depth)}${"]".repeat(depth)}`) })),
  // Invalid UTF-8 bytes around JSON.
  fc
    .tuple(fc.uint8Array({ minLength: 1, maxLength: 16 }), fc.constantFrom(0xc0, 0xff, 0xfe, 0x80))
    .map(([random, bad]) => ({ bytes: new Uint8Array([bad, ...new TextEncoder().encode('{"name":"'), ...random, 0x22, 0x7d]) })),
  fc.constant({ text: OVERSIZED }),
);

const bodyText = (value: Body) => ("text" in value ? value.text : new TextDecoder().decode(value.bytes));

type Caller = "owner" | "stranger" | "admin" | "anonymous";
type IdChoice = { kind: "fuzzed"; id: string } | { kind: "dot"; id: string } | { kind: "real"; pick: number } | { kind: "any-real"; pick: number };

const idChoice: fc.Arbitrary<IdChoice> = fc.oneof(
  { weight: 3, arbitrary: fuzzedId.map((id): IdChoice => ({ kind: "fuzzed", id })) },
  { weight: 1, arbitrary: dotSegment.map((id): IdChoice => ({ kind: "dot", id })) },
  { weight: 6, arbitrary: fc.nat().map((pick): IdChoice => ({ kind: "real", pick })) },
  { weight: 1, arbitrary: fc.nat().map((pick): IdChoice => ({ kind: "any-real", pick })) },
);

const wildcardPath = fc.oneof(
  fc.constant("REAL"),
  fc.string({ unit: "grapheme", maxLength: 30 }).map((path) => path.split("/").map(encodeURIComponent).join("/")),
  fc.constantFrom("..", "a/../../b", "%2F%2F", "x".repeat(2_000), "%zz"),
);

const fuzzRequest = fc.record({
  routeIndex: fc.nat(),
  otherMethod: fc.option(fc.constantFrom("PATCH", "PUT", "DELETE", "POST"), { freq: 8 }),
  caller: fc.constantFrom<Caller>("owner", "owner", "owner", "owner", "owner", "stranger", "stranger", "admin", "anonymous"),
  ids: fc.array(idChoice, { minLength: 3, maxLength: 3 }),
  wildcard: wildcardPath,
  query,
  headers,
  body,
});
type FuzzRequest = typeof fuzzRequest extends fc.Arbitrary<infer T> ? T : never;

// --- The test ---

describe("fuzzing every route with bad input", () => {
  const routes = apiRoutes();
  let owner: World;
  /** Another tenant's key: it tries the owner's real ids, which it must never reach. */
  let strangerKey: string;
  /** Routes that refuse a JSON body carrying an unknown field: given only invalid bodies, they must change nothing. */
  let validatesBody: Set<string>;

  beforeAll(async () => {
    owner = await createWorld("fuzz owner");
    const probe = await createWorld("fuzz probe");
    strangerKey = (await json<{ key: string }>(api("/v1/api_keys", { method: "POST", json: { name: "fuzz stranger" } }))).key;
    validatesBody = await probeBodyValidation(probe);
  }, 120_000);

  /**
   * Which non-GET routes validate their JSON body, found by sending each, with the real ids of a throwaway tenant,
   * a body with an unknown field: a route that names that field in its refusal checks bodies before acting.
   */
  async function probeBodyValidation(world: World): Promise<Set<string>> {
    const found = new Set<string>();
    for (const route of routes.filter((candidate) => candidate.method !== "GET")) {
      let path = route.path;
      for (const param of route.params) path = path.replace(`:${param}`, realIdsFor(world, route, param)[0] ?? "missing");
      path = path.replace("*", world.filePath);
      const response = await api(path, { method: route.method, apiKey: world.key, json: { fuzz_probe: true } });
      const text = await response.text();
      if (response.status === 400 && text.includes("fuzz_probe")) found.add(`${route.method} ${route.path}`);
    }
    return found;
  }

  it("enumerates the routes of every resource", () => {
    const resources = new Set(routes.map((route) => route.path.split("/")[2]));
    for (const resource of ["agents", "sessions", "environments", "memory_stores", "dreams", "deployments", "deployment_runs", "webhooks", "api_keys"]) {
      expect(resources).toContain(resource);
    }
    expect(routes.length).toBeGreaterThan(60);
    // The create and update routes are among those the probe found validating their bodies.
    expect(validatesBody).toContain("POST /v1/agents");
    expect(validatesBody).toContain("POST /v1/sessions/:id/events");
    expect(validatesBody).not.toContain("POST /v1/agents/:id/archive");
  });

  it("answers every malformed request with a 4xx error body and changes no stored data", async () => {
    const keys = [owner.key, strangerKey, ADMIN_KEY];
    const before = await Promise.all(keys.map((key) => snapshot(key, key === owner.key ? owner : undefined)));
    // The snapshot itself is stable, so any difference after the fuzz is the fuzz's doing.
    expect(await snapshot(owner.key, owner)).toEqual(before[0]);

    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (input) => {
        const request = buildRequest(input);
        fc.pre(request !== null);
        const response = await lucidFetch(request!.url, request!.init);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        await checkResponse(response, request!);
      }),
      { seed: SEED, numRuns: NUM_RUNS, endOnFailure: true },
    );

    const after = await Promise.all(keys.map((key) => snapshot(key, key === owner.key ? owner : undefined)));
    expect(after).toEqual(before);
    // The fuzz reached past authentication and validation into the routes themselves.
    expect(statuses.get(404) ?? 0).toBeGreaterThan(20);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(20);
    expect(statuses.get(413) ?? 0).toBeGreaterThan(0);
  }, 180_000);

  interface BuiltRequest {
    url: string;
    init: RequestInit;
    description: string;
  }

  /** The request a fuzz input describes, or null when it could be valid (and so change data) by accident. */
  function buildRequest(input: FuzzRequest): BuiltRequest | null {
    const route = routes[input.routeIndex % routes.length]!;
    const method = input.otherMethod ?? route.method;
    let caller = input.caller;
    const ids = route.params.map((param, index) => resolveId(route, param, input.ids[index]!));
    const usesRealId = ids.some((id) => id.real);
    const allowedToSucceed = method === "GET";
    // The owner's real ids may only meet routes that cannot act on them: reads, and routes that validate the (always
    // invalid) body first. Elsewhere at least one id must name nothing, or the request goes to another tenant.
    // The admin key manages every tenant's keys, so for those it is an owner too.
    const ownsRealIds = caller === "owner" || (caller === "admin" && route.path.startsWith("/v1/api_keys"));
    if (ownsRealIds && usesRealId && !allowedToSucceed && !validatesBody.has(`${method} ${route.path}`)) {
      if (ids.every((id) => id.real)) caller = "stranger";
    }
    const wildcard = input.wildcard === "REAL" ? owner.filePath : input.wildcard;
    // `..` resolves against the segments before it; after a real id it could land on another route of a real object.
    if (usesRealId && (ids.some((id) => hasDotSegment(id.value)) || (route.wildcard && hasDotSegment(wildcard)))) return null;
    let path = route.path;
    route.params.forEach((param, index) => (path = path.replace(`:${param}`, ids[index]!.value)));
    if (route.wildcard) path = path.replace("*", wildcard);
    const search = new URLSearchParams(input.query).toString();
    const url = `http://lucid.test${path}${search ? `?${search}` : ""}`;

    const requestHeaders = new Headers(input.headers);
    const key = { owner: owner.key, stranger: strangerKey, admin: ADMIN_KEY, anonymous: "sk-lucid-not-a-key" }[caller];
    requestHeaders.set("x-api-key", key);
    const hasBody = method !== "GET";
    if (hasBody && !isInvalidByConstruction(bodyText(input.body))) return null;
    const payload = "text" in input.body ? input.body.text : input.body.bytes;
    const init: RequestInit = { method, headers: requestHeaders, body: hasBody ? payload : undefined };
    const size = hasBody ? ("text" in input.body ? input.body.text.length : input.body.bytes.length) : 0;
    return { url, init, description: `${caller} ${method} ${url.slice(0, 300)} (route ${route.method} ${route.path}, body ${size} chars)` };
  }

  /** A path parameter's value: fuzzed, or one of the owner's real ids (of the resource, or of any resource). */
  function resolveId(route: Route, param: string, choice: IdChoice): { value: string; real: boolean } {
    if (choice.kind === "fuzzed" || choice.kind === "dot") return { value: choice.id, real: false };
    const pool = choice.kind === "real" ? realIdsFor(owner, route, param) : allRealIds(owner);
    if (pool.length === 0) return { value: `${param}_without_real_object`, real: false };
    return { value: pool[choice.pick % pool.length]!, real: true };
  }

  async function checkResponse(response: Response, request: BuiltRequest): Promise<void> {
    const where = `for ${request.description}`;
    expect(response.status, `status ${where}`).toBeLessThan(500);
    expect(response.headers.get("request-id"), `request-id header ${where}`).toMatch(/^req_/);
    if (response.status < 400) {
      // Only reads may succeed: every other request was invalid by construction.
      expect(request.init.method, `a request invalid by construction succeeded ${where}`).toBe("GET");
      await response.body?.cancel();
      return;
    }
    const text = await response.text();
    let parsed: { type?: unknown; error?: { type?: unknown; message?: unknown } };
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`the error body is not JSON ${where}: ${text.slice(0, 300)}`);
    }
    expect(parsed.type, `body type ${where}: ${text.slice(0, 300)}`).toBe("error");
    expect(ERROR_TYPES, `error type ${where}: ${text.slice(0, 300)}`).toContain(parsed.error?.type);
    expect(typeof parsed.error?.message === "string" && parsed.error.message.length > 0, `error message ${where}`).toBe(true);
    expect(String(parsed.error?.message), `stack trace in the message ${where}`).not.toMatch(STACK_TRACE);
  }
});
