// Glob and grep over workspace paths and text: doublestar patterns (picomatch) and regular-expression line matches.
import picomatch from "picomatch/posix";

/**
 * Matches workspace paths against a doublestar pattern taken relative to `folder` (ending in `/`), or from the
 * workspace root when the pattern starts with `/`. Dot files match like any other.
 */
export function globMatcher(pattern: string, folder: string): (path: string) => boolean {
  const absolute = pattern.startsWith("/");
  const isMatch = picomatch(absolute ? pattern.slice(1) : pattern, { dot: true });
  return (path) => isMatch(absolute ? path.slice(1) : path.slice(folder.length));
}

export interface GrepMatch {
  path: string;
  line: number;
  text: string;
}

const MAX_LINE_CHARS = 300;

/** The lines of `text` the expression matches, at most `limit`, each cut to a readable length. */
export function matchingLines(path: string, text: string, expression: RegExp, limit: number): GrepMatch[] {
  const matches: GrepMatch[] = [];
  const lines = text.split("\n");
  for (let index = 0; index < lines.length && matches.length < limit; index++) {
    const line = lines[index]!;
    expression.lastIndex = 0;
    if (expression.test(line)) matches.push({ path, line: index + 1, text: line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line });
  }
  return matches;
}
