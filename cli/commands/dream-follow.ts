// Following a dream by polling it: each phase as it is reached, with its progress counts and tokens used.
import type { Dream, DreamPhase } from "../../client/index";
import type { CommandContext } from "../command";

const PHASES: DreamPhase[] = ["queued", "reading", "review", "synthesis", "curation", "awaiting_review", "writing", "done"];

const PHASE_LABELS: Record<DreamPhase, string> = {
  queued: "waiting to start",
  reading: "reading the sessions and the memory store",
  review: "reviewing each session for what happened (observations)",
  synthesis: "finding what recurs across sessions (insights, playbooks)",
  curation: "proposing small memory operations, then guarding them",
  awaiting_review: "held for your review",
  writing: "writing the output memory store",
  done: "done",
};

/** The dream is settled for a follower: finished, or waiting for a person. */
export const dreamSettled = (dream: Dream) => dream.phase === "awaiting_review" || ["completed", "failed", "canceled"].includes(dream.status);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until the dream settles, printing each phase reached (in order, even those passed between polls) and progress.
 * `fromCurrent` shows only what happens from the dream's current phase on (after an approval, say).
 */
export async function followDream(
  context: CommandContext,
  start: Dream,
  options: { until?: (dream: Dream) => boolean; fromCurrent?: boolean } = {},
): Promise<Dream> {
  const until = options.until ?? dreamSettled;
  let dream = start;
  let shownPhase = options.fromCurrent ? PHASES.indexOf(start.phase) : -1;
  const shownProgress: Record<string, number> = options.fromCurrent ? { ...start.progress } : {};
  for (;;) {
    const reached = PHASES.indexOf(dream.phase);
    // A dream that skips review (auto mode) never passes awaiting_review.
    for (let index = shownPhase + 1; index <= reached; index++) {
      const phase = PHASES[index]!;
      if (phase === "awaiting_review" && dream.phase !== "awaiting_review") continue;
      if (context.json) context.out.record({ type: "lucid.cli.dream_phase", dream_id: dream.id, phase });
      else context.out.line(`▸ ${phase.padEnd(15)} ${PHASE_LABELS[phase]}`);
    }
    shownPhase = Math.max(shownPhase, reached);
    const changed = Object.entries(dream.progress).filter(([key, value]) => shownProgress[key] !== value);
    if (changed.length) {
      for (const [key, value] of changed) shownProgress[key] = value;
      const tokens = dream.usage.input_tokens + dream.usage.output_tokens;
      if (context.json)
        context.out.record({ type: "lucid.cli.dream_progress", dream_id: dream.id, phase: dream.phase, progress: dream.progress, usage: dream.usage });
      else
        context.out.line(`  ${changed.map(([key, value]) => `${key.replaceAll("_", " ")} ${value}`).join(" · ")} · ${tokens.toLocaleString("en-US")} tokens`);
    }
    if (until(dream)) return dream;
    await sleep(context.pollMs);
    dream = await context.lucid.dreams.retrieve(dream.id);
  }
}
