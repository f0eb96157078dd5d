// One schedule rule on both doors: deployments' cron schedules and agents' dream schedules refuse, in the same words,
// runs less than 5 minutes apart and expressions with no occurrence in the next year.
import Anthropic from "@anthropic-ai/sdk";
import { describe, expect, it } from "vitest";
import { createAgent, lucidClient } from "../fixtures/lucid";
import { deployable, deploymentParams } from "../fixtures/deployments";

const client = lucidClient();

async function refusal(promise: Promise<unknown>): Promise<InstanceType<typeof Anthropic.APIError>> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Anthropic.BadRequestError);
  const apiError = error as InstanceType<typeof Anthropic.APIError>;
  expect(apiError.error).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
  return apiError;
}

const EVERY_MINUTE = "fires at 00:00 and at 00:01, 1 minute apart: a schedule's runs must be at least 5 minutes apart";
const NEVER = "has no occurrence in the next year (it never fires)";

describe("the schedule rule", () => {
  it("refuses a deployment cron that fires every minute or never, on create and on update", async () => {
    const { agent, environment } = await deployable(client);
    const cron = (expression: string) => ({ type: "cron" as const, expression, timezone: "Europe/Paris" });
    for (const [expression, message] of [
      ["* * * * *", EVERY_MINUTE],
      ["0 0 31 2 *", NEVER],
    ] as const) {
      const created = await refusal(client.beta.deployments.create({ ...deploymentParams(agent.id, environment.id), schedule: cron(expression) }));
      expect(created.message).toContain(`schedule.expression: ${message}`);
    }
    const deployment = await client.beta.deployments.create({ ...deploymentParams(agent.id, environment.id), schedule: cron("*/5 * * * *") });
    expect(deployment.schedule).toMatchObject({ expression: "*/5 * * * *" });
    const updated = await refusal(client.beta.deployments.update(deployment.id, { schedule: cron("0,2 9 * * *") }));
    expect(updated.message).toContain("schedule.expression: fires at 09:00 and at 09:02, 2 minutes apart: a schedule's runs must be at least 5 minutes apart");
    await client.beta.deployments.archive(deployment.id);
  });

  it("refuses a dream cron or interval under 5 minutes and a dream cron that never fires, in the same words", async () => {
    const dreaming = (schedule: Record<string, unknown>) => ({ dreaming: { enabled: true, schedule } });
    const everyMinute = await refusal(createAgent(client, dreaming({ type: "cron", expression: "* * * * *" })));
    expect(everyMinute.message).toContain(`dreaming.schedule.expression: ${EVERY_MINUTE}`);
    const never = await refusal(createAgent(client, dreaming({ type: "cron", expression: "0 0 31 2 *" })));
    expect(never.message).toContain(`dreaming.schedule.expression: ${NEVER}`);
    const interval = await refusal(createAgent(client, dreaming({ type: "interval", minutes: 4 })));
    expect(interval.message).toContain("dreaming.schedule.minutes: is shorter than 5 minutes: a schedule's runs must be at least 5 minutes apart");

    const agent = await createAgent(client, dreaming({ type: "cron", expression: "*/5 * * * *" }));
    const update = { dreaming: { schedule: { type: "cron", expression: "0 0 31 2 *" } } } as unknown as Anthropic.Beta.AgentUpdateParams;
    const updated = await refusal(client.beta.agents.update(agent.id, { version: agent.version, ...update }));
    expect(updated.message).toContain(`dreaming.schedule.expression: ${NEVER}`);
  });
});
