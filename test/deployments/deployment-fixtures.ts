// Deployment test fixtures: an agent and environment to deploy, Lucid's run extensions, and driving the agent's alarm.
import type Anthropic from "@anthropic-ai/sdk";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { putWork } from "../../src/schedule/work-schedule";
import type { DeploymentRun } from "../../src/schemas/deployment-run";
import { createAgent, createEnvironment } from "../fixtures/lucid";

export type Run = DeploymentRun;

export const TASK = "Compile yesterday's orders into a report.";

export async function deployable(client: Anthropic) {
  const agent = await createAgent(client);
  const environment = await createEnvironment(client);
  return { agent, environment };
}

export function deploymentParams(agentId: string, environmentId: string, schedule?: { expression: string; timezone: string }) {
  return {
    agent: agentId,
    environment_id: environmentId,
    name: "Daily order report",
    initial_events: [{ type: "user.message" as const, content: [{ type: "text" as const, text: TASK }] }],
    ...(schedule ? { schedule: { type: "cron" as const, ...schedule } } : {}),
  };
}

/** The start of the current minute, and a daily cron expression for that minute in `timezone`. */
export function dailyAtThisMinute(timezone: string): { expression: string; occurrence: number } {
  const occurrence = Math.floor(Date.now() / 60_000) * 60_000;
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: timezone, hour: "numeric", minute: "numeric", hourCycle: "h23" }).formatToParts(occurrence);
  const field = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return { expression: `${field("minute")} ${field("hour")} * * *`, occurrence };
}

/**
 * Makes the deployment's fire due at `dueAt` (as if the alarm were late, or delivered again) and runs the real alarm.
 * The alarm is set an hour ahead first, so that there is one to run and it does not also go off on its own.
 */
export async function fireAlarm(agentId: string, deploymentId: string, dueAt: number): Promise<void> {
  const stub = env.AGENT.getByName(agentId);
  await runInDurableObject(stub, async (_instance, state) => {
    putWork(state.storage.sql, "deployment_run", deploymentId, dueAt);
    await state.storage.setAlarm(Date.now() + 3_600_000);
  });
  expect(await runDurableObjectAlarm(stub)).toBe(true);
}

/** The due time of the deployment's fire in its agent's schedule table, or null when it has none. */
export async function scheduledFire(agentId: string, deploymentId: string): Promise<number | null> {
  const stub = env.AGENT.getByName(agentId);
  return runInDurableObject(stub, (_instance, state) => {
    const rows = state.storage.sql.exec<{ due_at: number }>("SELECT due_at FROM schedule WHERE kind = 'deployment_run' AND ref = ?", deploymentId).toArray();
    return rows[0]?.due_at ?? null;
  });
}

export async function runsOf(client: Anthropic, deploymentId: string, query: Record<string, unknown> = {}): Promise<Run[]> {
  const runs: Run[] = [];
  for await (const run of client.beta.deploymentRuns.list({ deployment_id: deploymentId, ...query })) runs.push(run as unknown as Run);
  return runs;
}

/** Waits, with the real alarms running the session, until the run's session settles its result. */
export async function settledRun(client: Anthropic, runId: string, timeoutMs = 15_000): Promise<Run> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = (await client.beta.deploymentRuns.retrieve(runId)) as unknown as Run;
    if (run.result !== "running") return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} stayed running`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
