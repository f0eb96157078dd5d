// A text rubric read as its criteria, so the grader answers each one and a verdict can be checked for covering them all.

const LIST_ITEM = /^\s*(?:[-*•]|\d+[.)])\s+(.+?)\s*$/;
const MAX_CRITERIA = 50;

/** The rubric's list items (bullets or numbers), each a criterion; a rubric with no list is one criterion. */
export function rubricCriteria(rubric: string): string[] {
  const items = rubric.split("\n").flatMap((line) => {
    const match = LIST_ITEM.exec(line);
    return match?.[1] ? [match[1]] : [];
  });
  return (items.length ? items : [rubric.trim()]).slice(0, MAX_CRITERIA);
}
