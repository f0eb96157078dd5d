// The OpenAPI 3.1 document at /v1/openapi.json: served without a key, generated from the routes' zod schemas, and
// describing every route the app has (the list is computed from Hono's routes, so a new undescribed route fails here).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import packageJson from "../../package.json";
import { app } from "../../src/api/app";
import { OPENAPI_ASSET_PATH, openApiDocument, servedOpenApiDocument } from "../../src/api/openapi-document";
import { AgentCreate } from "../../src/schemas/agent";
import { api } from "../fixtures/lucid";

interface Operation {
  operationId?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: { content: Record<string, { schema?: { $ref?: string } }> };
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: { $ref?: string } }> }>;
  "x-lucid-extension"?: boolean;
}

interface OpenApi {
  openapi: string;
  info: { title: string; version: string };
  tags: { name: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }>;
    responses: Record<string, unknown>;
    securitySchemes: Record<string, { type: string; name?: string; scheme?: string }>;
  };
}

/** `:id` is written `{id}` in OpenAPI, and Hono's trailing `*` (the rest of the path) `{path}`. */
const openApiPath = (honoPath: string) => honoPath.replace(/:(\w+)/g, "{$1}").replace(/\/\*$/, "/{path}");

/** Every (method, path) the app routes, from Hono itself; `ALL` entries are middleware, and a route with middleware appears once per handler. */
function appRoutes(): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const { method, path } of app.routes) {
    if (method !== "ALL") seen.set(`${method} ${path}`, { method, path });
  }
  return [...seen.values()];
}

const operationsOf = (document: OpenApi) =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
  );

describe("the OpenAPI document", () => {
  let document: OpenApi;

  beforeAll(async () => {
    const response = await api("/v1/openapi.json", { apiKey: null });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    document = (await response.json()) as OpenApi;
  });

  it("is an OpenAPI 3.1 document for Lucid, served without a key", () => {
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.info).toMatchObject({ title: "Lucid", version: packageJson.version });
    expect(Object.keys(document.paths).length).toBeGreaterThan(40);
    expect(Object.keys(document.components.schemas)).toContain("Agent");
    expect(document.components.securitySchemes).toMatchObject({
      ApiKey: { type: "apiKey", name: "x-api-key" },
      BearerAuth: { type: "http", scheme: "bearer" },
    });
    expect(document.security).toEqual([{ ApiKey: [] }, { BearerAuth: [] }]);
  });

  it("describes every route of the app, and no route the app does not have", () => {
    const routes = appRoutes()
      .map(({ method, path }) => `${method} ${openApiPath(path)}`)
      .sort();
    expect(routes.length).toBeGreaterThan(60);
    expect(
      operationsOf(document)
        .map(({ key }) => key)
        .sort(),
    ).toEqual(routes);
  });

  it("gives every operation a unique operationId, a declared tag and its responses", () => {
    const tags = new Set(document.tags.map((tag) => tag.name));
    const ids = new Set<string>();
    for (const { key, operation } of operationsOf(document)) {
      expect(operation.operationId, key).toMatch(/^[a-z][A-Za-z]+$/);
      expect(ids.has(operation.operationId!), `${key}: operationId ${operation.operationId} is used twice`).toBe(false);
      ids.add(operation.operationId!);
      expect(operation.tags?.length, key).toBe(1);
      expect(tags.has(operation.tags![0]!), `${key}: tag ${operation.tags![0]}`).toBe(true);
      const statuses = Object.keys(operation.responses ?? {});
      expect(
        statuses.some((status) => /^(2\d\d|101)$/.test(status)),
        `${key} answers success`,
      ).toBe(true);
      // Public operations opt out of the document's key requirement; every other one can answer 401 with an error body.
      if (operation.security) expect(operation.security, key).toEqual([]);
      else expect(operation.responses?.["401"], key).toEqual({ $ref: "#/components/responses/AuthenticationFailed" });
    }
    expect(
      operationsOf(document)
        .filter(({ operation }) => operation.security)
        .map(({ key }) => key)
        .sort(),
    ).toEqual(["GET /healthz", "GET /v1/openapi.json"]);
  });

  it("describes errors in the Anthropic shape", () => {
    expect(document.components.responses.NotFound).toEqual({
      description: expect.stringContaining("not_found_error"),
      content: { "application/json": { schema: { $ref: "#/components/schemas/ApiErrorBody" } } },
    });
    const body = document.components.schemas.ApiErrorBody!;
    expect(body.required).toEqual(["type", "error"]);
    expect(body.properties?.error).toMatchObject({
      required: ["type", "message"],
      properties: { type: { enum: expect.arrayContaining(["not_found_error", "invalid_request_error"]) } },
    });
  });

  it("resolves every reference to a component it defines", () => {
    const references = new Set<string>();
    JSON.stringify(document, (key, value: unknown) => {
      if (key === "$ref") references.add(value as string);
      return value;
    });
    expect(references.size).toBeGreaterThan(20);
    const dangling = [...references].filter((reference) => {
      const [hash, components, kind, name] = reference.split("/");
      return hash !== "#" || components !== "components" || !(name! in ((document.components as unknown as Record<string, object>)[kind!] ?? {}));
    });
    expect(dangling).toEqual([]);
  });

  it("has the request and response schemas of the zod schemas the routes use", () => {
    const createAgent = document.paths["/v1/agents"]!.post!;
    expect(createAgent.requestBody?.content["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/AgentCreate" });
    expect(createAgent.responses?.["200"]?.content?.["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/Agent" });
    const zodRequired = z.toJSONSchema(AgentCreate, { io: "input", unrepresentable: "any" }).required;
    expect(zodRequired).toEqual(["name", "model"]);
    expect(document.components.schemas.AgentCreate!.required).toEqual(zodRequired);
    expect(Object.keys(document.components.schemas.AgentCreate!.properties ?? {})).toEqual(Object.keys(AgentCreate.shape));
    // Responses are read as Lucid writes them: every field of an agent is present.
    expect(document.components.schemas.Agent!.required).toEqual(expect.arrayContaining(["id", "version", "memory_store_id", "dream_status"]));
  });

  it("lists query parameters from the schemas the routes read them with", () => {
    const listSessions = document.paths["/v1/sessions"]!.get as { parameters?: { name: string; in: string }[] };
    const names = (listSessions.parameters ?? []).map((parameter) => `${parameter.in} ${parameter.name}`);
    expect(names).toEqual(expect.arrayContaining(["query limit", "query page", "query agent_id", "query statuses", "query created_at[gte]"]));
  });

  it("documents a JSON body for exactly the routes that read one", async () => {
    // A route that reads JSON refuses a malformed body with this message before it looks anything up.
    const readsJson = new Set<string>();
    for (const { method, path } of appRoutes().filter((route) => route.method !== "GET")) {
      const url = path.replace(/:(\w+)/g, "nope").replace(/\*$/, "probe.md");
      const response = await api(url, { method, headers: { "content-type": "application/json" }, body: "{" });
      const text = await response.text();
      if (response.status === 400 && text.includes("The request body is not valid JSON.")) readsJson.add(`${method} ${openApiPath(path)}`);
    }
    const documented = operationsOf(document)
      .filter(({ operation }) => operation.requestBody?.content["application/json"])
      .map(({ key }) => key);
    expect(readsJson.size).toBeGreaterThan(15);
    expect(documented.sort()).toEqual([...readsJson].sort());
  });

  it("marks Lucid's extensions and only them", () => {
    const extension = (method: string, path: string) => document.paths[path]![method]!["x-lucid-extension"] === true;
    expect(extension("post", "/v1/api_keys")).toBe(true);
    expect(extension("post", "/v1/dreams/{id}/approve")).toBe(true);
    expect(extension("get", "/v1/memory_stores/{storeId}/search")).toBe(true);
    expect(extension("put", "/v1/sessions/{id}/workspace/files/{path}")).toBe(true);
    expect(extension("post", "/v1/environments/{id}/keys")).toBe(true);
    expect(extension("delete", "/v1/environments/{id}/keys/{key_id}")).toBe(true);
    expect(extension("post", "/v1/agents")).toBe(false);
    expect(extension("post", "/v1/dreams")).toBe(false);
    expect(extension("get", "/v1/sessions/{id}/events/stream")).toBe(false);
  });

  it("is served as built with the assets, and the build is what the routes generate now", async () => {
    const built = await env.ASSETS.fetch(new URL(OPENAPI_ASSET_PATH, "https://lucid.test"));
    expect(built.status).toBe(200);
    expect(await built.json()).toEqual(document);
    expect(JSON.parse(JSON.stringify(await openApiDocument(app)))).toEqual(document);
  });

  it("is generated once per isolate when no build is there, and then served as it is", async () => {
    const first = await openApiDocument(app);
    expect(await openApiDocument(app)).toBe(first);
    const missing = { fetch: async () => new Response("Not found", { status: 404 }) } as unknown as Fetcher;
    const generated = await servedOpenApiDocument(app, missing, "https://lucid.test/v1/openapi.json");
    expect(await generated.json()).toEqual(document);
    // With a build, its file is served untouched (nothing generated on the request).
    const built = {
      fetch: async (url: URL) => (url.pathname === OPENAPI_ASSET_PATH ? Response.json({ built: true }) : new Response(null, { status: 404 })),
    } as unknown as Fetcher;
    const served = await servedOpenApiDocument(app, built, "https://lucid.test/v1/openapi.json");
    expect(served.headers.get("content-type")).toContain("application/json");
    expect(await served.json()).toEqual({ built: true });
  });
});
