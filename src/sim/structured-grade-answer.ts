// The simulator's `grade_outcome` answer: each criterion is met when the output contains every phrase the criterion
// quotes (case-insensitive); a criterion that quotes nothing cannot be checked by the simulator and counts as met.
import { readJsonBlock } from "../schemas/prompt-blocks";
import type { GraderVerdict } from "../schemas/outcome";

const QUOTED = /"([^"]+)"|“([^”]+)”|`([^`]+)`/g;

export function answerGradeOutcome(promptText: string): GraderVerdict | undefined {
  const grading = readJsonBlock(promptText, "grading");
  if (!grading) return undefined;
  const output = grading.output.toLowerCase();
  const criteria = grading.criteria.map((criterion) => {
    const phrases = [...criterion.matchAll(QUOTED)].map((match) => match[1] ?? match[2] ?? match[3] ?? "").filter(Boolean);
    const missing = phrases.filter((phrase) => !output.includes(phrase.toLowerCase()));
    if (!phrases.length) return { criterion, met: true, feedback: "Nothing quoted to check; the simulator counts it as met." };
    if (!missing.length) return { criterion, met: true, feedback: `The output contains ${phrases.map((phrase) => `"${phrase}"`).join(", ")}.` };
    return { criterion, met: false, feedback: `the output must contain ${missing.map((phrase) => `"${phrase}"`).join(", ")}.` };
  });
  const met = criteria.filter((criterion) => criterion.met).length;
  const satisfied = met === criteria.length;
  return {
    criteria,
    result: satisfied ? "satisfied" : "needs_revision",
    explanation: satisfied
      ? `All ${criteria.length} criteria are met.`
      : `${met} of ${criteria.length} criteria are met; the output lacks the quoted phrases listed.`,
  };
}
