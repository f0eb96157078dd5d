// Errors are Anthropic-shaped whatever the request, and never repeat a huge value back: an over-long URL gets a JSON 414,
// and an id or key echoed in a message is cut to 80 characters.
// (URLs over 64 KiB never reach the Worker: the runtime's HTTP server answers them with a plain-text 414 itself.)
import { describe, expect, it } from "vitest";
import { MAX_URL_CHARS } from "../../src/schemas/limits";
import { api, MODEL } from "../fixtures/lucid";

type ErrorBody = { type: string; error: { type: string; message: string } };

async function errorOf(response: Response): Promise<{ status: number; body: ErrorBody }> {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return { status: response.status, body: (await response.json()) as ErrorBody };
}

describe("over-long URLs", () => {
  it("answers a URL over the limit with an Anthropic-shaped 414 that does not repeat it", async () => {
    const path = `/v1/agents/agent_${"a".repeat(65_000)}`;
    const { status, body } = await errorOf(await api(path));
    expect(status).toBe(414);
    expect(body).toEqual({ type: "error", error: { type: "invalid_request_error", message: expect.stringContaining(`at most ${MAX_URL_CHARS}`) } });
    expect(body.error.message.length).toBeLessThan(200);
  });

  it("draws the line at the documented length, query included", async () => {
    const at = (length: number) => `/v1/agents?created_at[gte]=${"1".repeat(length - "/v1/agents?created_at[gte]=".length)}`;
    expect((await api(at(MAX_URL_CHARS))).status).toBe(400);
    expect((await api(at(MAX_URL_CHARS + 1))).status).toBe(414);
  });
});

describe("values echoed in errors", () => {
  const long = `agent_${"b".repeat(5_000)}`;

  it("cuts an id in a not-found message to 80 characters", async () => {
    const { status, body } = await errorOf(await api(`/v1/agents/${long}`));
    expect(status).toBe(404);
    expect(body.error.message).toBe(`Agent '${long.slice(0, 79)}…' was not found.`);
  });

  it("cuts an id from the request body, an unknown route and an unknown field", async () => {
    const session = await errorOf(await api("/v1/sessions", { method: "POST", json: { agent: long, environment_id: "env_x" } }));
    expect(session.body.error.message).toContain(`'${long.slice(0, 79)}…'`);
    expect(session.body.error.message.length).toBeLessThan(200);

    const route = await errorOf(await api(`/v1/${"c".repeat(5_000)}`));
    expect(route.status).toBe(404);
    expect(route.body.error.message.length).toBeLessThan(200);

    const field = await errorOf(await api("/v1/agents", { method: "POST", json: { name: "a", model: MODEL, ["d".repeat(5_000)]: 1 } }));
    expect(field.status).toBe(400);
    expect(field.body.error.message).toMatch(/d{79}…: unknown field/);
    expect(field.body.error.message.length).toBeLessThan(200);
  });
});
