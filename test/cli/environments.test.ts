import { describe, expect, it } from "vitest";
import type { CreatedEnvironmentKey, EnvironmentKey } from "../../client/index";
import { api } from "../fixtures/lucid";
import { jsonOf, lucid } from "./cli-harness";

describe("lucid environments", () => {
  it("creates a self-hosted environment, gives it a key shown once, lists its keys without secrets, and revokes one", async () => {
    const created = await lucid(["environments", "create", "--name", "build box", "--self-hosted"]);
    expect(created.code).toBe(0);
    const [, environmentId] = /^(env_\S+) {2}build box {2}self_hosted\n/.exec(created.stdout)!;
    expect(created.stdout).toContain(`Give its worker a key: lucid environments key ${environmentId}\n`);

    expect((await lucid(["environments", "keys", environmentId!])).stdout).toBe(`No keys yet: lucid environments key ${environmentId}\n`);

    const shown = await lucid(["environments", "key", environmentId!]);
    expect(shown.code).toBe(0);
    const [, keyId, key] = /^(envkey_\S+) {2}environment \S+\nkey: (sk-lucid-\S+)\n\(shown only now: store it where the worker reads it/.exec(shown.stdout)!;
    // The key reaches its environment's work queue, and nothing else.
    expect([401, 403]).not.toContain((await api(`/v1/environments/${environmentId}/work/stats`, { apiKey: key! })).status);
    expect((await api("/v1/agents", { apiKey: key! })).status).toBe(403);

    const second = jsonOf<CreatedEnvironmentKey>(await lucid(["environments", "key", environmentId!, "--json"]));
    expect(second).toMatchObject({ type: "environment_key", environment_id: environmentId, key: expect.stringMatching(/^sk-lucid-/) });

    const listed = await lucid(["environments", "keys", environmentId!]);
    expect(listed.stdout).toMatch(/^ID\s+CREATED\n/);
    expect(listed.stdout).toMatch(new RegExp(`${keyId}\\s+\\d{4}-`));
    expect(listed.stdout).toMatch(new RegExp(`${second.id}\\s+\\d{4}-`));
    expect(listed.stdout).not.toContain(key!.split(".").at(-1));
    const listedJson = jsonOf<{ data: EnvironmentKey[] }>(await lucid(["environments", "keys", environmentId!, "--json"]));
    expect(listedJson.data.map((item) => item.id).sort()).toEqual([keyId, second.id].sort());
    expect(JSON.stringify(listedJson)).not.toContain(second.key.split(".").at(-1));

    expect((await lucid(["environments", "revoke-key", environmentId!, key!])).code).toBe(2);
    expect((await lucid(["environments", "revoke-key", environmentId!, keyId!])).stdout).toBe(`Revoked ${keyId}.\n`);
    expect((await api(`/v1/environments/${environmentId}/work/stats`, { apiKey: key! })).status).toBe(401);
    expect(jsonOf<{ data: EnvironmentKey[] }>(await lucid(["environments", "keys", environmentId!, "--json"])).data.map((item) => item.id)).toEqual([
      second.id,
    ]);
  });

  it("creates a cloud environment by default, which refuses a key", async () => {
    const created = await lucid(["environments", "create", "--name", "plain", "--json"]);
    const environment = jsonOf<{ id: string; config: { type: string } }>(created);
    expect(environment.config.type).toBe("cloud");
    const refused = await lucid(["environments", "key", environment.id]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/invalid_request_error \(400\).*not self-hosted/);
    expect((await lucid(["environments", "create"])).code).toBe(2);
  });
});
