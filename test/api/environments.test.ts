import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { createAgent, lucidClient } from "../fixtures/lucid";

const client = lucidClient();

describe("environments", () => {
  it("creates, updates, lists, archives and deletes an environment", async () => {
    const environment = await client.beta.environments.create({ name: "contracts", metadata: { team: "legal" } });
    expect(environment).toMatchObject({
      type: "environment",
      name: "contracts",
      archived_at: null,
      config: { type: "cloud", networking: { type: "unrestricted" } },
    });
    const renamed = await client.beta.environments.update(environment.id, { name: "contracts v2" });
    expect(renamed.name).toBe("contracts v2");
    const listed = await client.beta.environments.list();
    expect(listed.data.map((item) => item.id)).toContain(environment.id);
    const archived = await client.beta.environments.archive(environment.id);
    expect(archived.archived_at).not.toBeNull();
    await expect(client.beta.environments.delete(environment.id)).resolves.toMatchObject({ id: environment.id, type: "environment_deleted" });
    await expect(client.beta.environments.retrieve(environment.id)).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });

  it("refuses packages, which a Lucid environment cannot install", async () => {
    const error = await client.beta.environments.create({ name: "x", config: { type: "cloud", packages: { pip: ["numpy"] } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.APIError>).message).toMatch(/config.packages.pip: is not supported/);
  });

  it("must exist and be live for a session to use it", async () => {
    const agent = await createAgent(client);
    await expect(client.beta.sessions.create({ agent: agent.id, environment_id: "env_missing" })).rejects.toBeInstanceOf(Anthropic.NotFoundError);
    const environment = await client.beta.environments.create({ name: "old" });
    await client.beta.environments.archive(environment.id);
    await expect(client.beta.sessions.create({ agent: agent.id, environment_id: environment.id })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });
});
