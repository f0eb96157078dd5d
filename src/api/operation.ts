// A route declared once: `operation({...})` is the one middleware that documents the OpenAPI operation and validates
// the query and JSON body the declaration names, which the handler reads typed (`c.req.valid("query")`,
// `c.req.valid("json")`); `answer(c, body)` answers with JSON that the compiler holds to the declared success schema.
import type { Context, MiddlewareHandler } from "hono";
import { uniqueSymbol } from "hono-openapi";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSONValue } from "hono/utils/types";
import { z } from "zod";
import type { AppEnv } from "./app-env";
import { describeOperation, type OperationDescription } from "./openapi-route";
import { arrayParameters, readBody, readQuery } from "./request-input";

/**
 * What the handler's context knows of its operation: the query and JSON body as their schemas parse them (`out`, read
 * with `c.req.valid`), and the declared responses (a type only, nothing at run time) that `answer` checks bodies against.
 */
type DeclaredInput<D extends OperationDescription> = {
  out: (D["query"] extends z.ZodObject ? { query: z.output<D["query"]> } : object) & (D["body"] extends z.ZodType ? { json: z.output<D["body"]> } : object);
  responses: D["responses"];
};

export function operation<const D extends OperationDescription>(declaration: D): MiddlewareHandler<AppEnv, string, DeclaredInput<D>> {
  const { query, body } = declaration;
  const queryArrays = query ? arrayParameters(query) : [];
  // Only a zod schema is read here as JSON; raw content (an archive, a bundle, a file) is read by the handler itself.
  const jsonBody = body instanceof z.ZodType ? body : undefined;
  const middleware: MiddlewareHandler<AppEnv, string, DeclaredInput<D>> = async (c, next) => {
    // The query first, then the body: a request wrong in both is refused for its query, as handlers always did.
    if (query) c.req.addValidatedData("query", readQuery(c, query, queryArrays));
    if (jsonBody) c.req.addValidatedData("json", (await readBody(c, jsonBody)) as object);
    await next();
  };
  // Where hono-openapi looks for a route's description among its handlers (what its describeRoute() attaches).
  return Object.assign(middleware, { [uniqueSymbol]: { spec: describeOperation(declaration) } });
}

/** The JSON schema a success answer declares: the schema itself, or its `application/json` content. */
type JsonSchemaOf<A> = A extends z.ZodType ? A : A extends { content: { "application/json": infer S extends z.ZodType } } ? S : never;

/** The JSON bodies an operation answers with on success, by status: as Lucid writes them, so each schema's output. */
type JsonAnswers<R> = {
  [S in keyof R & (200 | 201) as [JsonSchemaOf<R[S]>] extends [never] ? never : S]: z.output<JsonSchemaOf<R[S]>>;
};

/** A handler's context, with the responses its operation declares. */
type DeclaredContext<R> = Context<AppEnv, string, { out?: object; responses: R }>;

/** Answers with a JSON body of the shape the operation declares: for 200, or for another declared status when named. */
export function answer<R>(c: DeclaredContext<R>, body: JsonAnswers<R>[200 & keyof JsonAnswers<R>]): Response;
export function answer<R, S extends keyof JsonAnswers<R> & ContentfulStatusCode>(c: DeclaredContext<R>, body: JsonAnswers<R>[S], status: S): Response;
export function answer<R>(c: DeclaredContext<R>, body: unknown, status: ContentfulStatusCode = 200): Response {
  return c.json(body as JSONValue, status);
}
