// The OpenAPI 3.1 document of the API, generated from the routes' descriptions and their zod schemas, once per isolate.
import type { Env, Hono, Schema } from "hono";
import { generateSpecs, resolver } from "hono-openapi";
import { ApiErrorBody } from "../schemas/api-error-body";
import { ERROR_RESPONSES, outputSchemaOptions } from "./openapi-components";
import { RESOURCE_TAGS } from "./openapi-route";

/** Lucid's version as package.json states it, which the Worker cannot import; a test keeps the two equal. */
export const LUCID_VERSION = "0.1.0";

export type OpenApiDocument = Awaited<ReturnType<typeof generateSpecs>>;

/** Where the build puts the document among the static assets (scripts/write-openapi.ts). */
export const OPENAPI_ASSET_PATH = "/openapi.json";

let generated: Promise<OpenApiDocument> | undefined;

/**
 * Generating converts every schema of every route (about 0.2 s of CPU), so the build writes the document among the
 * static assets (see servedOpenApiDocument); without one, it happens once per isolate, on the first request for it. A
 * failed generation is not kept, so the next request tries again.
 */
export function openApiDocument<E extends Env, S extends Schema, P extends string>(app: Hono<E, S, P>): Promise<OpenApiDocument> {
  generated ??= generateDocument(app).catch((error: unknown) => {
    generated = undefined;
    throw error;
  });
  return generated;
}

async function generateDocument<E extends Env, S extends Schema, P extends string>(app: Hono<E, S, P>): Promise<OpenApiDocument> {
  const errorBody = { "application/json": { schema: resolver(ApiErrorBody, outputSchemaOptions) } };
  const document = await generateSpecs(app, {
    documentation: {
      info: {
        title: "Lucid",
        version: LUCID_VERSION,
        description:
          "The Claude Managed Agents API as Lucid serves it, with Lucid's extensions: operations that are not part of Claude Managed Agents are marked `x-lucid-extension: true`.",
      },
      tags: Object.entries(RESOURCE_TAGS).map(([name, description]) => ({ name, description })),
      security: [{ ApiKey: [] }, { BearerAuth: [] }],
      components: {
        securitySchemes: {
          ApiKey: { type: "apiKey", in: "header", name: "x-api-key" },
          BearerAuth: { type: "http", scheme: "bearer", description: "The same API key, as `Authorization: Bearer <key>`." },
        },
        responses: Object.fromEntries(Object.values(ERROR_RESPONSES).map(({ name, description }) => [name, { description, content: errorBody }])),
      },
    },
    // Otherwise `/v1/openapi.json` itself would be taken for a static file and left out.
    excludeStaticFile: false,
    // Routes validate through their declaration (operation.ts), whose errors are the ApiErrorBody each operation already lists.
    defaultValidationErrorResponse: false,
  });
  return { ...document, paths: withNamedWildcards(document.paths) };
}

type Paths = OpenApiDocument["paths"];

/** Hono's trailing `*` (the rest of the path, slashes included) as a `{path}` parameter, which OpenAPI can name. */
function withNamedWildcards(paths: Paths): Paths {
  const parameter = { name: "path", in: "path", required: true, description: "The rest of the path; it may contain `/`.", schema: { type: "string" } } as const;
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => {
      if (!path.endsWith("/*")) return [path, item];
      // The generator writes only operations, by method, into a path item.
      const operations = Object.entries(item as Record<string, { parameters?: object[] }>).map(([method, operation]) => [
        method,
        { ...operation, parameters: [...(operation.parameters ?? []), parameter] },
      ]);
      return [`${path.slice(0, -1)}{path}`, Object.fromEntries(operations)];
    }),
  );
}

/**
 * The document as built with the assets (`npm run build:openapi`, part of `npm start`, `npm run deploy` and the test
 * setup); generated here only when the Worker runs without that build (e.g. a bare `wrangler dev`).
 */
export async function servedOpenApiDocument<E extends Env, S extends Schema, P extends string>(
  app: Hono<E, S, P>,
  assets: Fetcher | undefined,
  requestUrl: string,
): Promise<Response> {
  const built = await assets?.fetch(new URL(OPENAPI_ASSET_PATH, requestUrl));
  if (built?.ok) return new Response(built.body, { headers: { "content-type": "application/json; charset=UTF-8" } });
  return Response.json(await openApiDocument(app));
}
