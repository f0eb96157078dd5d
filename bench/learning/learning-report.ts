// Turns the arms' session records into the report's figures: learning curves, ratios, cost per completed task, recovery after the drift, memory and dream cost.
import type { ArmRun, SessionRecord } from "./arm-run";

export interface ArmSummary {
  arm: string;
  label: string;
  sessions: number;
  completion_rate: number;
  /** Completion rate of each block of `block_size` sessions, in order. */
  blocks: number[];
  /** Last block over first block; null when the first block completed nothing. */
  late_to_first_ratio: number | null;
  steps_per_completed: number | null;
  tokens_per_completed: number | null;
  /** Sessions the drift reaches, counted from the drift until one completes (1 = the first one did); null if none did. */
  sessions_to_recover_after_drift: number | null;
  completion_after_drift: number | null;
  memory: { after_session: number; memories: number; bytes: number }[];
  dreams: number;
  dreams_held_for_review: number;
  dream_operations: number;
  dream_tokens: number;
}

export function summariseArm(run: ArmRun, blockSize: number): ArmSummary {
  const { sessions } = run;
  const blocks = chunk(sessions, blockSize).map(rateOf);
  const first = blocks[0] ?? 0;
  const completed = sessions.filter((session) => session.completed);
  const afterDrift = sessions.filter((session) => session.drifted);
  const drifted = afterDrift.filter((session) => session.affected_by_drift);
  const recovered = drifted.findIndex((session) => session.completed);
  return {
    arm: run.arm.id,
    label: run.arm.label,
    sessions: sessions.length,
    completion_rate: rateOf(sessions),
    blocks,
    late_to_first_ratio: first > 0 ? round((blocks[blocks.length - 1] ?? 0) / first) : null,
    steps_per_completed: meanOf(completed.map((session) => session.steps)),
    tokens_per_completed: completed.length ? Math.round(sum(sessions.map((session) => session.tokens)) / completed.length) : null,
    sessions_to_recover_after_drift: drifted.length && recovered >= 0 ? recovered + 1 : null,
    completion_after_drift: afterDrift.length ? rateOf(afterDrift) : null,
    memory: sessions.map((session) => ({ after_session: session.index, ...session.memory })),
    dreams: run.dreams.filter((dream) => dream.dream_id).length,
    dreams_held_for_review: run.dreams.filter((dream) => dream.held_for_review).length,
    dream_operations: sum(run.dreams.map((dream) => dream.operations)),
    dream_tokens: sum(run.dreams.map((dream) => dream.tokens)),
  };
}

const rateOf = (sessions: readonly SessionRecord[]) => (sessions.length ? round(sessions.filter((session) => session.completed).length / sessions.length) : 0);
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const meanOf = (values: readonly number[]) => (values.length ? round(sum(values) / values.length) : null);
const round = (value: number) => Math.round(value * 100) / 100;

function chunk<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}
