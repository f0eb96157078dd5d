import { describe, expect, it } from "vitest";
import { lucidClient } from "../fixtures/lucid";
import { scriptReplies, textReply } from "../fixtures/simulator";
import { createEndpoint, newInbox, receivedAtLeast } from "../webhooks/webhook-fixtures";
import { deployable, deploymentParams, settledRun } from "./deployment-fixtures";

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
    const events = (await receivedAtLeast(inbox, 2)).map((delivery) => client.beta.webhooks.unwrap(delivery.body, { headers: delivery.headers, key: endpoint.signing_secret }));
    expect(events.map((event) => [event.data.type, event.data.id]).sort()).toEqual([
      ["deployment_run.started", run.id],
      ["deployment_run.succeeded", run.id],
    ]);
  });
});
