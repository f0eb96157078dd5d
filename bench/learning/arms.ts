// The arms of the learning-curve benchmark: how each configures its agent, its sessions and its dreams.
import type { TaskWorld } from "./task-file";
import { agentToolsOf } from "./world-tools";

export interface Arm {
  id: "no-memory" | "reflection" | "dream-auto" | "dream-review" | "dream-only";
  label: string;
  /** Reflection at the end of each session (agent `memory.reflection`). */
  reflection: boolean;
  /** False: sessions are created with `resources: []`, so no store is attached and nothing loads. */
  attachMemory: boolean;
  /** Start a dream after every `every` sessions, in this mode (a held changeset is approved whole and counted). */
  dream: { mode: "auto" | "review"; every: number } | null;
}

export function armsFor(dreamEvery: number): Arm[] {
  return [
    { id: "no-memory", label: "(a) no memory", reflection: false, attachMemory: false, dream: null },
    { id: "reflection", label: "(b) reflections only", reflection: true, attachMemory: true, dream: null },
    { id: "dream-auto", label: `(c) dreaming, auto, every ${dreamEvery}`, reflection: true, attachMemory: true, dream: { mode: "auto", every: dreamEvery } },
    {
      id: "dream-review",
      label: `(d) dreaming, review + auto-approve, every ${dreamEvery}`,
      reflection: true,
      attachMemory: true,
      dream: { mode: "review", every: dreamEvery },
    },
    // Isolates what dreaming learns on its own, without reflections writing lessons between dreams.
    {
      id: "dream-only",
      label: `(e) dreaming only (no reflection), auto, every ${dreamEvery}`,
      reflection: false,
      attachMemory: true,
      dream: { mode: "auto", every: dreamEvery },
    },
  ];
}

/** The harness marks its agents so the simulator answers them with its benchmark policy (src/sim/bench-policy.ts). */
export const BENCH_SYSTEM_PROMPT =
  "[lucid-bench] You work in a legal back office. Do each task with your tools; when a tool fails, find another way within the step budget.";

export function agentParamsFor(arm: Arm, world: TaskWorld, model: string) {
  return {
    name: `bench ${world.name} ${arm.id}`,
    model,
    system: BENCH_SYSTEM_PROMPT,
    tools: agentToolsOf(world),
    memory: { reflection: arm.reflection },
    ...(arm.dream ? { dreaming: { mode: arm.dream.mode } } : {}),
  };
}
