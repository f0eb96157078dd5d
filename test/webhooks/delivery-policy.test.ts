// The retry schedule and the auto-disable rule, as plain functions of the policy.
import { describe, expect, it } from "vitest";
import type { Env } from "../../src/env";
import { deliveryPolicy, retryDelaySeconds, shouldDisableEndpoint } from "../../src/webhooks/delivery-policy";

const defaults = deliveryPolicy({} as Env);

describe("webhook delivery policy", () => {
  it("retries with exponential backoff for about a day by default, then stops", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => retryDelaySeconds(defaults, attempt));
    expect(delays).toEqual([30, 120, 480, 1920, 7680, 30720, 43200, null]);
    const total = delays.reduce<number>((sum, delay) => sum + (delay ?? 0), 0);
    expect(total / 3600).toBeGreaterThan(20);
    expect(total / 3600).toBeLessThan(26);
  });

  it("reads its settings from the environment, ignoring nonsense", () => {
    const policy = deliveryPolicy({ LUCID_WEBHOOK_MAX_ATTEMPTS: "3", LUCID_WEBHOOK_RETRY_BASE_SECONDS: "2", LUCID_WEBHOOK_DISABLE_AFTER_SECONDS: "x" } as Env);
    expect([1, 2, 3].map((attempt) => retryDelaySeconds(policy, attempt))).toEqual([2, 8, null]);
    expect(policy.disableAfterSeconds).toBe(86_400);
    expect(policy.allowLoopback).toBe(false);
  });

  it("disables an endpoint only after every attempt has failed for the whole window", () => {
    const now = new Date("2026-11-02T12:00:00.000Z");
    expect(shouldDisableEndpoint(defaults, null, now)).toBe(false);
    expect(shouldDisableEndpoint(defaults, "2026-11-01T12:00:01.000Z", now)).toBe(false);
    expect(shouldDisableEndpoint(defaults, "2026-11-01T12:00:00.000Z", now)).toBe(true);
  });
});
