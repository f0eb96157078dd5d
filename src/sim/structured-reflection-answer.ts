// The simulator's `record_lessons` answer: one lesson per finding of the prompt's <digest> block, at a path named after it.
import { readJsonBlock } from "../schemas/prompt-blocks";
import type { Lesson } from "../schemas/dream";
import { type Finding, findingsOf } from "./digest-findings";
import { signatureText, slug } from "./structured-text";

const MAX_LESSONS = 10;

/** Paths depend only on the finding, so a lesson learned again lands on the memory it refines. */
export function answerRecordLessons(promptText: string): { lessons: Lesson[] } | undefined {
  const digest = readJsonBlock(promptText, "digest");
  if (!digest) return undefined;
  return { lessons: findingsOf(digest).slice(0, MAX_LESSONS).map(lessonOf) };
}

function lessonOf(finding: Finding): Lesson {
  return { path: pathOf(finding), content: finding.statement, kind: finding.kind, evidence_event_ids: finding.event_ids };
}

function pathOf(finding: Finding): string {
  const folder = { workaround: "workarounds", failure: "failures", preference: "preferences" }[finding.kind];
  if (!finding.error_signature) return `/${folder}/${slug(finding.statement)}.md`;
  const tool = finding.tool ? `${slug(finding.tool, 24)}-` : "";
  return `/${folder}/${tool}${slug(signatureText(finding.error_signature, finding.tool))}.md`;
}
