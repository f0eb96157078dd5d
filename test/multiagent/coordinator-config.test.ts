import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { createAgent, lucidClient, newTenantClient } from "../fixtures/lucid";
import { createCoordinator, createSpecialists } from "../fixtures/multiagent";

const client = lucidClient();

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  return (error as Error).message;
}

describe("multiagent config", () => {
  it("resolves the roster to versions and shows it on the agent and on its sessions as the SDK types them", async () => {
    const [first, second] = await createSpecialists(client, 2);
    await client.beta.agents.update(second!.id, { version: 1, system: "Second version." });
    const coordinator = await createCoordinator(client, [first!.id], { max_parallel: 4 });
    const updated = await client.beta.agents.update(coordinator.id, {
      version: coordinator.version,
      multiagent: { type: "coordinator", agents: [first!.id, { type: "agent", id: second!.id, version: 1 }] },
    });
    expect(coordinator.multiagent).toEqual({ type: "coordinator", agents: [{ type: "agent", id: first!.id, version: 1 }], max_parallel: 4 });
    expect(updated.multiagent).toEqual({
      type: "coordinator",
      agents: [
        { type: "agent", id: first!.id, version: 1 },
        { type: "agent", id: second!.id, version: 1 },
      ],
      max_parallel: 20,
    });

    const environment = await client.beta.environments.create({ name: "env" });
    const session = await client.beta.sessions.create({ agent: coordinator.id, environment_id: environment.id });
    const roster = session.agent.multiagent as Anthropic.Beta.Sessions.BetaManagedAgentsSessionMultiagentCoordinator;
    expect(roster.type).toBe("coordinator");
    expect(roster.agents.map((agent) => ("id" in agent ? [agent.id, agent.version, agent.name] : null))).toEqual([
      [first!.id, 1, "Specialist 1"],
      [second!.id, 1, "Specialist 2"],
    ]);
    expect((await client.beta.agents.retrieve(first!.id)).multiagent).toBeNull();
  });

  it("refuses rosters Lucid cannot run, naming the problem", async () => {
    const [specialist] = await createSpecialists(client, 1);
    const coordinator = await createCoordinator(client, [specialist!.id]);
    const archived = await createAgent(client);
    await client.beta.agents.archive(archived.id);
    const other = await createAgent(await newTenantClient("other"));
    const attempt = (multiagent: unknown) => createAgent(client, { multiagent: multiagent as never });

    expect(await refusal(attempt({ type: "coordinator", agents: [] }))).toMatch(/multiagent/);
    expect(await refusal(attempt({ type: "coordinator", agents: Array.from({ length: 21 }, () => specialist!.id) }))).toMatch(/multiagent/);
    expect(await refusal(attempt({ type: "coordinator", agents: [specialist!.id, specialist!.id] }))).toMatch(/distinct/);
    expect(await refusal(attempt({ type: "coordinator", agents: [{ type: "self" }] }))).toMatch(/self.*not supported/);
    expect(await refusal(attempt({ type: "coordinator", agents: [{ type: "advisor", model: "x" }] }))).toMatch(/advisor.*not supported/);
    expect(await refusal(attempt({ type: "multiagent_20261001" }))).toMatch(/not supported/);
    expect(await refusal(attempt({ type: "coordinator", agents: [specialist!.id], max_parallel: 0 }))).toMatch(/max_parallel/);
    expect(await refusal(attempt({ type: "coordinator", agents: [archived.id] }))).toMatch(/archived/);
    expect(await refusal(attempt({ type: "coordinator", agents: [other.id] }))).toMatch(/not found/);
    expect(await refusal(attempt({ type: "coordinator", agents: [coordinator.id] }))).toMatch(/coordinator itself/);
    expect(await refusal(attempt({ type: "coordinator", agents: [{ type: "agent", id: specialist!.id, version: 9 }] }))).toMatch(/version 9.*not found/);
    expect(
      await refusal(client.beta.agents.update(coordinator.id, { version: coordinator.version, multiagent: { type: "coordinator", agents: [coordinator.id] } })),
    ).toMatch(/itself/);
  });
});
