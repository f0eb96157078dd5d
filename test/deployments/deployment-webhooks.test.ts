import { describe, expect, it } from "vitest";
import { lucidClient } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";
import { createEndpoint, newInbox, received, receivedAtLeast } from "../fixtures/webhooks";
import { deployable, deploymentParams, settledRun } from "../fixtures/deployments";

const client = lucidClient();

describe("deployment run webhooks", () => {
  it("announce a run's start and its result, verified by the SDK's unwrap", async () => {
    const inbox = newInbox("deployment-runs");
    const endpoint = await createEndpoint(inbox, ["deployment_run.started", "deployment_run.succeeded", "deployment_run.failed"]);
    const { agent, environment } = await deployable(client);
    await scriptReplies(agent.id, [textReply("Report written.")]);
    const deployment = await client.beta.deployments.create(deploymentParams(agent.id, environment.id));

    const run = await client.beta.deployments.run(deployment.id);
    expect((await settledRun(client, run.id)).result).toBe("succeeded");
    const events = (await receivedAtLeast(inbox, 2)).map((delivery) =>
      client.beta.webhooks.unwrap(delivery.body, { headers: delivery.headers, key: endpoint.signing_secret }),
    );
    expect(events.map((event) => [event.data.type, event.data.id]).sort()).toEqual([
      ["deployment_run.started", run.id],
      ["deployment_run.succeeded", run.id],
    ]);
  });

  it("announce a deployment's life once per change: created, updated, paused, unpaused, archived", async () => {
    const inbox = newInbox("deployment-lifecycle");
    const types = ["deployment.created", "deployment.updated", "deployment.paused", "deployment.unpaused", "deployment.archived"] as const;
    const endpoint = await createEndpoint(inbox, [...types]);
    const { agent, environment } = await deployable(client);
    const deployment = await client.beta.deployments.create(deploymentParams(agent.id, environment.id));
    await client.beta.deployments.update(deployment.id, { name: "Nightly report, renamed" });
    await client.beta.deployments.pause(deployment.id);
    await client.beta.deployments.pause(deployment.id); // already paused: nothing changes, nothing is announced
    await client.beta.deployments.unpause(deployment.id);
    await client.beta.deployments.unpause(deployment.id); // already running: likewise
    await client.beta.deployments.archive(deployment.id);
    await client.beta.deployments.archive(deployment.id);

    const deliveries = await receivedAtLeast(inbox, types.length);
    const events = deliveries.map((delivery) => client.beta.webhooks.unwrap(delivery.body, { headers: delivery.headers, key: endpoint.signing_secret }));
    expect(events.map((event) => [event.data.type, event.data.id]).sort()).toEqual(types.map((type) => [type, deployment.id]).sort());
    // No repeat arrives later: each change was one event.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await received(inbox)).toHaveLength(types.length);
  });
});
