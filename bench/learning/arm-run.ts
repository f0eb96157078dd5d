// Runs one arm over the task stream: a fresh agent, one session per task, memory measured after each, dreams on the arm's cadence.
import type Anthropic from "@anthropic-ai/sdk";
import { type Arm, agentParamsFor } from "./arms";
import { type DreamResult, dreamAndWait } from "../shared/dream-driver";
import { currentMemorySize, type MemorySize } from "./memory-size";
import { runTaskSession, type SessionResult } from "./session-driver";
import type { TaskWorld } from "./task-file";
import type { BenchTask } from "./task-stream";

export interface SessionRecord extends SessionResult {
  index: number;
  family: string;
  drifted: boolean;
  affected_by_drift: boolean;
  memory: MemorySize;
}

export interface ArmRun {
  arm: Arm;
  agent_id: string;
  sessions: SessionRecord[];
  dreams: DreamResult[];
}

export async function runArm(client: Anthropic, world: TaskWorld, tasks: readonly BenchTask[], arm: Arm, model: string): Promise<ArmRun> {
  const agent = await client.beta.agents.create(agentParamsFor(arm, world, model) as Anthropic.Beta.AgentCreateParams);
  const environment = await client.beta.environments.create({ name: `bench ${arm.id}` });
  const sessions: SessionRecord[] = [];
  const dreams: DreamResult[] = [];
  for (const task of tasks) {
    const result = await runTaskSession(client, world, task, {
      agentId: agent.id,
      environmentId: environment.id,
      attachMemory: arm.attachMemory,
      waitForReflection: arm.reflection && arm.attachMemory,
    });
    if (arm.dream && (task.index + 1) % arm.dream.every === 0) dreams.push(await dreamAndWait(client, agent.id, task.index));
    sessions.push({
      ...result,
      index: task.index,
      family: task.family,
      drifted: task.drifted,
      affected_by_drift: task.affected_by_drift,
      memory: await currentMemorySize(client, agent.id),
    });
  }
  return { arm, agent_id: agent.id, sessions, dreams };
}
