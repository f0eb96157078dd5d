// The OpenAPI operation of one route, from its declaration (operation.ts): what the document says about the route.
import { type DescribeRouteOptions, resolver } from "hono-openapi";
import { z } from "zod";
import { COMMON_ERROR_STATUSES, ERROR_RESPONSES, type ErrorStatus, inputSchemaOptions, outputSchemaOptions } from "./openapi-components";

/** The resources operations are grouped by, in the order the document lists them. */
export const RESOURCE_TAGS = {
  Agents: "Versioned agent configurations (Lucid adds memory and dreaming settings, a default outcome, export and import).",
  Sessions: "Sessions: an agent at work in an environment, with its transcript.",
  "Session events": "A session's transcript: send user events, page through it, stream it live.",
  "Session threads": "A coordinator session's threads, each a session of a specialist agent.",
  "Workspace files": "Lucid extension: the versioned files of a session's workspace.",
  Environments: "The configurations sessions run in.",
  "Memory stores": "Stores of path-addressed memories (Lucid adds search, export and import).",
  Memories: "The memories of a store.",
  "Memory versions": "A store's change history, and redaction.",
  Dreams: "Dreams that curate a memory store from past sessions (Lucid adds review and rollback).",
  Deployments: "Agents run on a schedule or on demand.",
  "Deployment runs": "The runs of deployments.",
  Vaults: "Vaults of credentials that agents use to reach MCP servers.",
  "Vault credentials": "A vault's credentials; their secrets are write-only, sealed at rest and never returned.",
  Webhooks: "Signed webhook endpoints (Lucid adds test events and the delivery log).",
  "API keys": "Lucid extension: tenant API keys, managed with the admin key.",
  Service: "Lucid extension: the service itself (health, this document).",
} as const;
export type ResourceTag = keyof typeof RESOURCE_TAGS;

/** Content not described by a zod schema: `{type: "string"}` for text, `{}` (no schema) for arbitrary bytes. */
interface RawSchema {
  type?: "string" | "object";
  description?: string;
}

/** Content by media type: a zod schema for JSON, a raw schema otherwise. */
type Content = Record<string, z.ZodType | RawSchema>;

/** What an operation answers with a status: a zod schema (JSON), or its description and content. */
type Answer = z.ZodType | { description: string; content?: Content };

export interface OperationDescription {
  /** Unique across the document; the SDK's method name for compatible routes. */
  operationId: string;
  summary: string;
  description?: string;
  tag: ResourceTag;
  /** Not part of Claude Managed Agents: the operation is marked `x-lucid-extension: true`. */
  extension?: boolean;
  /** Served without a key. */
  public?: boolean;
  /** The query string: validated before the handler runs, which reads it with `c.req.valid("query")`. */
  query?: z.ZodObject;
  /**
   * The body: a zod schema for JSON, validated before the handler runs (`c.req.valid("json")`), or raw content (an
   * archive, a bundle, a file) that the handler reads itself.
   */
  body?: z.ZodType | { description: string; content: Content };
  /** The answers on success, by status. */
  responses: Partial<Record<200 | 201 | 101, Answer>>;
  /** Error statuses beyond those every authenticated operation can answer (see COMMON_ERROR_STATUSES). */
  errors?: ErrorStatus[];
}

export function describeOperation(operation: OperationDescription): DescribeRouteOptions {
  const { body } = operation;
  const spec: DescribeRouteOptions & { "x-lucid-extension"?: true } = {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    // Converted only when the document is generated (once per isolate), not for every isolate that starts.
    get parameters() {
      return operation.query ? queryParameters(operation.query) : undefined;
    },
    ...(body === undefined
      ? {}
      : {
          requestBody:
            body instanceof z.ZodType
              ? { required: true, content: { "application/json": { schema: resolver(body, inputSchemaOptions) } } }
              : { required: true, description: body.description, content: resolveContent(body.content, inputSchemaOptions) },
        }),
    responses: { ...successResponses(operation.responses), ...errorResponses(operation) },
    ...(operation.public ? { security: [] } : {}),
    ...(operation.extension ? { "x-lucid-extension": true as const } : {}),
  };
  return spec;
}

function successResponses(answers: OperationDescription["responses"]) {
  return Object.fromEntries(
    Object.entries(answers).map(([status, answer]) =>
      answer instanceof z.ZodType
        ? [status, { description: status === "201" ? "Created" : "OK", content: resolveContent({ "application/json": answer }, outputSchemaOptions) }]
        : [status, { description: answer.description, ...(answer.content ? { content: resolveContent(answer.content, outputSchemaOptions) } : {}) }],
    ),
  );
}

function errorResponses(operation: OperationDescription) {
  if (operation.public) return {};
  const statuses = new Set<ErrorStatus>([...COMMON_ERROR_STATUSES, ...(operation.body ? [413 as const] : []), ...(operation.errors ?? [])]);
  return Object.fromEntries([...statuses].sort((a, b) => a - b).map((status) => [status, { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` }]));
}

function resolveContent(content: Content, schemaOptions: typeof inputSchemaOptions | typeof outputSchemaOptions) {
  return Object.fromEntries(
    Object.entries(content).map(([mediaType, schema]) => [
      mediaType,
      schema instanceof z.ZodType ? { schema: resolver(schema, schemaOptions) } : Object.keys(schema).length > 0 ? { schema } : {},
    ]),
  );
}

/** Each field of a query schema as a query parameter, its JSON Schema as the client writes it. */
function queryParameters(query: z.ZodObject) {
  const jsonSchema = z.toJSONSchema(query, { io: "input", unrepresentable: "any" });
  const required = new Set(jsonSchema.required ?? []);
  return Object.entries(jsonSchema.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query" as const,
    ...(required.has(name) ? { required: true } : {}),
    schema: schema as object,
  }));
}
