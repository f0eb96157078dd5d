// The stream of tasks every arm runs: families take turns, each cycling through its instances; the drift point marks which run after the change.
import type { Scalar, TaskWorld } from "./task-file";
import { fillTemplate, isAffectedByDrift } from "./world-tools";

export interface BenchTask {
  index: number;
  family: string;
  tool: string;
  input: Record<string, Scalar>;
  step_budget: number;
  drifted: boolean;
  /** Drifted, and its plain input hits a rule the drift brought in: the tasks a stale workaround can fail. */
  affected_by_drift: boolean;
  /** The user's message: the request, the inputs as `field: value` (JSON values) and the budget, nothing about quirks. */
  text: string;
}

export function taskStream(world: TaskWorld, sessions = world.sessions): BenchTask[] {
  return Array.from({ length: sessions }, (_, index) => taskAt(world, index));
}

function taskAt(world: TaskWorld, index: number): BenchTask {
  const family = world.families[index % world.families.length]!;
  const instance = family.instances[Math.floor(index / world.families.length) % family.instances.length]!;
  const drifted = world.drift_at_session !== null && index >= world.drift_at_session;
  const stepBudget = instance.step_budget ?? family.step_budget ?? world.step_budget;
  const inputs = Object.entries(instance.input).map(([field, value]) => `${field}: ${JSON.stringify(value)}`);
  return {
    index,
    family: family.id,
    tool: family.tool,
    input: instance.input,
    step_budget: stepBudget,
    drifted,
    affected_by_drift: drifted && isAffectedByDrift(world, family.tool, instance.input),
    text: `${fillTemplate(family.prompt, instance.input)}\nUse the tool ${family.tool} with ${inputs.join(", ")}.\nStep budget: ${stepBudget} tool calls.`,
  };
}
