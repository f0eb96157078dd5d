// A route declared once (src/api/operation.ts): the declaration validates the query and JSON body before the handler
// runs, hands them over typed, leaves raw bodies to the handler, and holds the handler's JSON answer to the declared
// schema at compile time (the @ts-expect-error lines fail the typecheck if a wrong shape ever compiles).
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { AppEnv } from "../../src/api/app-env";
import { handleError } from "../../src/api/error-handler";
import { answer, operation } from "../../src/api/operation";

const Greeting = z.object({ text: z.string(), count: z.number() });
const GreetingCreate = z.strictObject({ name: z.string().min(1) });
const GreetingQuery = z.object({ tags: z.array(z.string()).optional(), times: z.coerce.number().int().default(1) });

const app = new Hono<AppEnv>()
  .post(
    "/greetings",
    operation({ operationId: "createGreeting", summary: "Greet", tag: "Service", query: GreetingQuery, body: GreetingCreate, responses: { 200: Greeting } }),
    (c) => {
      const { name } = c.req.valid("json");
      const { tags, times } = c.req.valid("query");
      return answer(c, { text: `hello ${name} ${(tags ?? []).join("+")}`, count: times });
    },
  )
  .put(
    "/greetings/raw",
    operation({
      operationId: "writeGreeting",
      summary: "Store raw text",
      tag: "Service",
      body: { description: "Any text.", content: { "text/plain": { type: "string" } } },
      responses: { 200: Greeting, 201: { description: "Created.", content: { "application/json": Greeting } } },
    }),
    async (c) => answer(c, { text: await c.req.text(), count: 0 }, 201),
  );
app.onError(handleError);

const post = (path: string, body: string) => app.request(path, { method: "POST", headers: { "content-type": "application/json" }, body });

describe("a route declared once", () => {
  it("hands the handler the query and body its declaration validated, arrays from the schema's array fields", async () => {
    const response = await post("/greetings?tags=a&tags[]=b&times=3", JSON.stringify({ name: "Ada" }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ text: "hello Ada a+b", count: 3 });
    // One value of an array field is still an array.
    expect(await (await post("/greetings?tags=solo", JSON.stringify({ name: "Ada" }))).json()).toEqual({ text: "hello Ada solo", count: 1 });
  });

  it("refuses an invalid body or query with the Anthropic-shaped 400, the query first", async () => {
    const badBody = await post("/greetings", JSON.stringify({ name: "" }));
    expect(badBody.status).toBe(400);
    expect(await badBody.json()).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error", message: expect.stringMatching(/^Invalid request body: name:/) },
    });
    const both = await post("/greetings?times=x", "{");
    expect(((await both.json()) as { error: { message: string } }).error.message).toMatch(/^Invalid query: times:/);
    const malformed = await post("/greetings", "{");
    expect(((await malformed.json()) as { error: { message: string } }).error.message).toBe("The request body is not valid JSON.");
  });

  it("leaves a raw body to the handler, and answers with a declared status", async () => {
    const response = await app.request("/greetings/raw", { method: "PUT", headers: { "content-type": "text/plain" }, body: "{not json" });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ text: "{not json", count: 0 });
  });

  it("checks a JSON answer against the declared schema when compiling", () => {
    new Hono<AppEnv>().get("/checked", operation({ operationId: "checked", summary: "Checked", tag: "Service", responses: { 200: Greeting } }), (c) => {
      // @ts-expect-error: `count` must be a number, as Greeting declares.
      if (c.req.query("wrong")) return answer(c, { text: "hi", count: "one" });
      // @ts-expect-error: 201 is not a status this operation declares.
      if (c.req.query("created")) return answer(c, { text: "hi", count: 1 }, 201);
      // @ts-expect-error: no body was declared, so there is none to read.
      c.req.valid("json");
      return answer(c, { text: "hi", count: 1 });
    });
    expect(true).toBe(true);
  });
});
