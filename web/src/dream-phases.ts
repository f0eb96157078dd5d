// A dream's phases in the order it passes through them, with the words the dashboard uses for each.
import type { Dream, DreamPhase } from "../../src/schemas/dream-resource";

export const DREAM_PHASES: { phase: DreamPhase; label: string }[] = [
  { phase: "queued", label: "Queued" },
  { phase: "reading", label: "Reading sessions" },
  { phase: "review", label: "Session review" },
  { phase: "synthesis", label: "Synthesis" },
  { phase: "curation", label: "Curation" },
  { phase: "awaiting_review", label: "Awaiting review" },
  { phase: "writing", label: "Writing memory" },
  { phase: "done", label: "Done" },
];

export function phaseLabel(phase: DreamPhase): string {
  return DREAM_PHASES.find((entry) => entry.phase === phase)?.label ?? phase;
}

/** Still changing by itself: worth polling. A dream waiting for review changes only when someone decides. */
export function dreamIsMoving(dream: Dream): boolean {
  return (dream.status === "pending" || dream.status === "running") && dream.phase !== "awaiting_review";
}
