// An environment key is the worker's whole standing: revoked, its worker's next poll is refused and the worker stops;
// it never reaches another environment's work, nor a session (only a work item's own token reaches its session).
import assert from "node:assert/strict";
import Anthropic from "@anthropic-ai/sdk";
import { type Fixture, freshDirectory, selfHostedEnvironment, sessionOf, toolsetAgent } from "./fixture";
import { until } from "./until";
import { startInProcessWorker } from "./workers";

const STOP_TIMEOUT_MS = 20_000;

export async function revokedKeyStopsItsWorker(fx: Fixture): Promise<void> {
  const environment = await selfHostedEnvironment(fx, "worker-revoked");
  const worker = startInProcessWorker(fx, environment, "revoked-worker", freshDirectory(fx, "revoked"));
  try {
    await until(async () => (await fx.admin.beta.environments.work.stats(environment.environmentId)).workers_polling === 1, "the worker polls");
    await fx.lucid.environmentKeys.delete(environment.environmentId, environment.keyId);
    const outcome = await Promise.race([
      worker.finished.then(
        () => "resolved",
        (error: unknown) => error,
      ),
      new Promise((resolve) => setTimeout(() => resolve("still running"), STOP_TIMEOUT_MS)),
    ]);
    assert.ok(outcome instanceof Anthropic.APIError, `run() rejects with the API's refusal, not: ${String(outcome)}`);
    assert.equal(outcome.status, 401);
    assert.equal((await poll(fx, environment.environmentId, environment.key)).status, 401);
  } finally {
    await worker.stop();
  }
}

export async function keyReachesOnlyItsEnvironmentsWork(fx: Fixture): Promise<void> {
  const own = await selfHostedEnvironment(fx, "worker-scope-own");
  const other = await selfHostedEnvironment(fx, "worker-scope-other");
  const sessionId = await sessionOf(fx, await toolsetAgent(fx, "scope agent"), own.environmentId);
  const asKey = (path: string) => fetch(`${fx.server.baseURL}${path}`, { headers: { authorization: `Bearer ${own.key}` } });

  assert.equal((await asKey(`/v1/environments/${own.environmentId}/work`)).status, 200, "its own environment's work");
  for (const path of [`/v1/environments/${other.environmentId}/work`, `/v1/environments/${other.environmentId}/work/stats`, `/v1/sessions/${sessionId}`]) {
    const response = await asKey(path);
    const body = await response.text();
    assert.equal(response.status, 403, `GET ${path} with an environment key: ${body}`);
    assert.equal((JSON.parse(body) as { error: { type: string } }).error.type, "permission_error");
  }
  assert.equal((await poll(fx, other.environmentId, own.key)).status, 403, "polling another environment");
}

function poll(fx: Fixture, environmentId: string, key: string): Promise<Response> {
  return fetch(`${fx.server.baseURL}/v1/environments/${environmentId}/work/poll?block_ms=1`, {
    headers: { authorization: `Bearer ${key}`, "anthropic-worker-id": "key-check" },
  });
}
