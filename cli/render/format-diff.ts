// A line diff (client/line-diff.ts, shared with the dashboard) as `- ` / `+ ` / `  ` lines for the terminal.
import type { DiffLine } from "../../client/line-diff";

const MARKS = { equal: "  ", delete: "- ", insert: "+ " } as const;

export function formatDiff(lines: DiffLine[], indent = ""): string[] {
  return lines.map((line) => `${indent}${MARKS[line.kind]}${line.text}`);
}
