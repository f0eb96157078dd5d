// Writes the learning-curve report as Markdown: the per-arm table and the BENCHMARKS.md section that holds it.
import type { SectionMarkers } from "../shared/markdown-section";
import type { ArmSummary } from "./learning-report";

export interface RunContext {
  command: string;
  date: string;
  machine: string;
  model: string;
  simulated: boolean;
  world: string;
  sessions: number;
  blockSize: number;
  driftAtSession: number | null;
  dreamEvery: number;
  durationSeconds: number;
  chartPath: string;
}

export const LEARNING_MARKERS: SectionMarkers = {
  start: "<!-- learning-curve:start (written by npm run bench:learning) -->",
  end: "<!-- learning-curve:end -->",
};

const percent = (rate: number | null) => (rate === null ? "–" : `${Math.round(rate * 100)}%`);
const plain = (value: number | null) => (value === null ? "–" : String(value));

export function armTable(summaries: readonly ArmSummary[]): string {
  const header =
    "| arm | completion per block | overall | late/first | after drift | sessions to recover | steps / completed | tokens / completed | memories (bytes) at end | dreams (held) | dream operations | dream tokens |";
  const rule = "|---|---|---|---|---|---|---|---|---|---|---|---|";
  const rows = summaries.map((summary) => {
    const last = summary.memory[summary.memory.length - 1];
    return `| ${summary.label} | ${summary.blocks.map(percent).join(" → ")} | ${percent(summary.completion_rate)} | ${plain(summary.late_to_first_ratio)} | ${percent(summary.completion_after_drift)} | ${plain(summary.sessions_to_recover_after_drift)} | ${plain(summary.steps_per_completed)} | ${plain(summary.tokens_per_completed)} | ${last ? `${last.memories} (${last.bytes})` : "–"} | ${summary.dreams} (${summary.dreams_held_for_review}) | ${summary.dream_operations} | ${summary.dream_tokens} |`;
  });
  return [header, rule, ...rows].join("\n");
}

/** A verdict computed from the figures, never typed by hand: does the dreaming arm beat both baselines, overall and after the drift? */
export function verdict(summaries: readonly ArmSummary[]): string {
  const find = (id: string) => summaries.find((summary) => summary.arm === id);
  const dream = find("dream-auto");
  const baselines = [find("no-memory"), find("reflection")].filter((summary): summary is ArmSummary => summary !== undefined);
  if (!dream || !baselines.length) return "Not enough arms ran to compare dreaming with the baselines.";
  const names = baselines.map((summary) => summary.label).join(" and ");
  const compare = (pick: (summary: ArmSummary) => number | null, what: string) => {
    if (pick(dream) === null) return `${what}: no sessions to compare`;
    const mine = pick(dream) ?? 0;
    const best = Math.max(...baselines.map((summary) => pick(summary) ?? 0));
    const word = mine > best ? "beats" : mine === best ? "ties with" : "trails";
    return `${what}, dreaming (auto) ${word} the best of ${names} (${percent(mine)} vs ${percent(best)})`;
  };
  const changed = dream.dreams ? ` Its ${dream.dreams} dreams proposed ${dream.dream_operations} memory operations for ${dream.dream_tokens} tokens.` : "";
  return `${compare((summary) => summary.completion_rate, "Overall")}; ${compare((summary) => summary.completion_after_drift, "after the drift")}.${changed}`;
}

export function learningSection(summaries: readonly ArmSummary[], context: RunContext): string {
  const source = context.simulated
    ? "**Simulated figures**: the agent is the Messages API simulator's benchmark policy (`src/sim/bench-policy.ts`), a deterministic trial-and-error stand-in that may use only its memory block, not a model."
    : `**Real-model figures**: model \`${context.model}\` through the Anthropic API.`;
  return [
    LEARNING_MARKERS.start,
    "## Learning curve",
    "",
    source,
    "",
    `Command: \`${context.command}\` · date: ${context.date} · machine: ${context.machine} · ran in ${context.durationSeconds} s.`,
    `World \`${context.world}\`: ${context.sessions} sessions per arm, blocks of ${context.blockSize}, drift at session ${context.driftAtSession === null ? "none" : context.driftAtSession + 1}, dreams every ${context.dreamEvery} sessions.`,
    "",
    armTable(summaries),
    "",
    verdict(summaries),
    "",
    `![Completion rate per block of sessions](${context.chartPath})`,
    "",
    "Tokens per completed task count every session's tokens (reflection included) over the completed ones; dream tokens are separate. Memory is the agent's current store after the last session. Sessions to recover counts the sessions the drift reaches, from the drift until one completes (– : none did). Details per session and dream: `bench/results/learning.json`; the harness and the task-file format: `bench/README.md`.",
    LEARNING_MARKERS.end,
  ].join("\n");
}
