// The client's transport: LucidApiError fields, retries of 429/5xx/connection errors honouring retry-after, none of 409.
import { describe, expect, it } from "vitest";
import { LucidApiError, LucidConnectionError } from "../../client/index";
import { retryDelayMs, urlOf } from "../../client/transport";
import { scriptedFetch, testClient } from "./client-fixtures";

const errorBody = (type: string, message: string) => JSON.stringify({ type: "error", error: { type, message } });
const answer =
  (status: number, headers: Record<string, string> = {}) =>
  () =>
    new Response(errorBody(status === 429 ? "rate_limit_error" : status === 409 ? "conflict_error" : "overloaded_error", "try later"), {
      status,
      headers: { "content-type": "application/json", ...headers },
    });

describe("errors", () => {
  it("turns a 404 into a LucidApiError with the status, type, message, request id and body", async () => {
    const error = await testClient()
      .dreams.retrieve("drm_missing")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LucidApiError);
    expect(error).toMatchObject({ status: 404, type: "not_found_error", requestId: expect.stringMatching(/^req_/) });
    expect((error as LucidApiError).message).toContain("drm_missing");
    expect((error as LucidApiError).body).toMatchObject({ type: "error", error: { type: "not_found_error" } });
  });

  it("turns a 400 into a LucidApiError naming the invalid field", async () => {
    const error = await testClient()
      .webhooks.create({ url: "https://hooks.example.com/x", enabled_events: [] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LucidApiError);
    expect(error).toMatchObject({ status: 400, type: "invalid_request_error" });
    expect((error as LucidApiError).message).toContain("enabled_events");
  });

  it("refuses a wrong key with authentication_error", async () => {
    await expect(testClient("sk-lucid-wrong").apiKeys.list()).rejects.toMatchObject({ status: 401, type: "authentication_error" });
  });
});

describe("retries", () => {
  it("retries a 429 after the retry-after it names, then succeeds", async () => {
    const fetch = scriptedFetch([answer(429, { "retry-after": "0" })]);
    const page = await testClient(undefined, { fetch, maxRetries: 2 }).apiKeys.list();
    expect(page.data).toBeInstanceOf(Array);
    expect(fetch.calls).toEqual(["GET /v1/api_keys", "GET /v1/api_keys"]);
  });

  it("retries 503s and connection errors up to maxRetries", async () => {
    const fetch = scriptedFetch([answer(503, { "retry-after-ms": "1" }), () => Promise.reject(new TypeError("network connection lost"))]);
    await expect(testClient(undefined, { fetch, maxRetries: 2 }).apiKeys.list()).resolves.toMatchObject({ data: expect.any(Array) });
    expect(fetch.calls).toHaveLength(3);
  });

  it("gives up after maxRetries with the last answer", async () => {
    const fetch = scriptedFetch([answer(503, { "retry-after": "0" }), answer(503, { "retry-after": "0" })]);
    await expect(testClient(undefined, { fetch, maxRetries: 1 }).apiKeys.list()).rejects.toMatchObject({ status: 503, type: "overloaded_error" });
    expect(fetch.calls).toHaveLength(2);
  });

  it("throws LucidConnectionError when the server stays unreachable", async () => {
    const unreachable = () => Promise.reject(new TypeError("connection refused"));
    const fetch = scriptedFetch([unreachable, unreachable]);
    const error = await testClient(undefined, { fetch, maxRetries: 1, baseURL: "http://lucid.test" })
      .apiKeys.list()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LucidConnectionError);
    expect(fetch.calls).toHaveLength(2);
  });

  it("never retries a 409", async () => {
    const fetch = scriptedFetch([answer(409)]);
    await expect(testClient(undefined, { fetch, maxRetries: 2 }).apiKeys.list()).rejects.toMatchObject({ status: 409, type: "conflict_error" });
    expect(fetch.calls).toHaveLength(1);
  });
});

describe("retryDelayMs", () => {
  it("honours retry-after in seconds, as a date, and in milliseconds, capped at a minute", () => {
    expect(retryDelayMs(0, new Headers({ "retry-after": "3" }))).toBe(3_000);
    expect(retryDelayMs(0, new Headers({ "retry-after-ms": "250" }))).toBe(250);
    expect(retryDelayMs(0, new Headers({ "retry-after": "3600" }))).toBe(60_000);
    const inTwoSeconds = new Date(Date.now() + 2_000).toUTCString();
    expect(retryDelayMs(0, new Headers({ "retry-after": inTwoSeconds }))).toBeGreaterThan(500);
  });

  it("backs off exponentially with jitter when the server names no delay", () => {
    expect(retryDelayMs(0, null, () => 1)).toBe(500);
    expect(retryDelayMs(2, null, () => 1)).toBe(2_000);
    expect(retryDelayMs(2, null, () => 0)).toBe(1_500);
    expect(retryDelayMs(10, null, () => 1)).toBe(8_000);
  });
});

describe("urlOf", () => {
  it("repeats array query values and leaves out missing ones", () => {
    expect(urlOf("http://h:1/", "/v1/dreams", { statuses: ["running", "failed"], limit: 5, page: undefined })).toBe(
      "http://h:1/v1/dreams?statuses=running&statuses=failed&limit=5",
    );
  });
});
