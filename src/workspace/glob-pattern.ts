// Doublestar glob patterns as RE2 regular expressions, so that matching paths takes time linear in their length
// (a backtracking glob matcher takes exponential time on patterns like `*a*a*a*a*a*a*b`).

/** Characters RE2 reads as syntax outside a character class. */
const REGEX_SYNTAX = /[\\^$.|?*+()[\]{}]/g;

const quote = (text: string) => text.replace(REGEX_SYNTAX, "\\$&");

/**
 * The RE2 expression, anchored at both ends, for a glob over a path relative to where it is matched: `*` (any
 * characters but `/`), `**` as a whole segment (any number of segments), `?`, `[abc]`, `[!abc]` or `[^abc]`,
 * `{a,b}` (nested too) and `\` escapes. Anything else, extglobs `+(…)` and a leading `!` included, is literal text.
 */
export function globToRegex(pattern: string): string {
  return `^${translate({ pattern, groups: new Map() }, 0, false).regex}$`;
}

interface Translated {
  regex: string;
  end: number;
}

/**
 * The pattern, and the brace group found at each `{` tried so far (null: not a group). A group's translation does not
 * depend on what surrounds it, so each is worked out once: without that, `{{{{…` takes time exponential in its length.
 */
interface Glob {
  pattern: string;
  groups: Map<number, Translated | null>;
}

/** Translates from `start` up to the end of the pattern, or in a brace group up to its `,` or `}`. */
function translate(glob: Glob, start: number, inBraces: boolean): Translated {
  const { pattern } = glob;
  let regex = "";
  let index = start;
  while (index < pattern.length) {
    const char = pattern[index]!;
    if (inBraces && (char === "," || char === "}")) break;
    if (char === "\\" && index + 1 < pattern.length) {
      regex += quote(pattern[index + 1]!);
      index += 2;
    } else if (char === "/" && endsWithGlobstar(pattern, index + 1, inBraces)) {
      // A trailing `/**` matches the folder itself too, as well as everything below it.
      regex += "(?:/.*)?";
      index += 3;
    } else if (char === "*") {
      const star = translateStars(pattern, index, inBraces);
      regex += star.regex;
      index = star.end;
    } else if (char === "?") {
      regex += "[^/]";
      index++;
    } else if (char === "[") {
      const set = translateClass(pattern, index);
      regex += set?.regex ?? "\\[";
      index = set?.end ?? index + 1;
    } else if (char === "{") {
      const group = translateBraces(glob, index);
      regex += group?.regex ?? "\\{";
      index = group?.end ?? index + 1;
    } else {
      regex += quote(char);
      index++;
    }
  }
  return { regex, end: index };
}

/** Whether `**` starts at `index` and ends the pattern (or, in a brace group, the alternative). */
function endsWithGlobstar(pattern: string, index: number, inBraces: boolean): boolean {
  if (!pattern.startsWith("**", index)) return false;
  const after = pattern[index + 2];
  return after === undefined || (inBraces && (after === "," || after === "}"));
}

/** `**` alone in its segment crosses folders; any other run of stars stays within one segment. */
function translateStars(pattern: string, start: number, inBraces: boolean): Translated {
  let end = start;
  while (pattern[end] === "*") end++;
  const before = pattern[start - 1];
  const after = pattern[end];
  const segmentStart = start === 0 || before === "/" || (inBraces && (before === "{" || before === ","));
  const segmentEnd = after === undefined || after === "/" || (inBraces && (after === "," || after === "}"));
  if (end - start < 2 || !segmentStart || !segmentEnd) return { regex: "[^/]*", end };
  // `**/` matches no segment or several, each ending in `/`; a trailing `**` matches everything below.
  if (after === "/") return { regex: "(?:[^/]+/)*", end: end + 1 };
  return { regex: ".*", end };
}

/** A bracket expression; null when it never closes, and the `[` is then literal. */
function translateClass(pattern: string, start: number): Translated | null {
  let index = start + 1;
  const negated = pattern[index] === "!" || pattern[index] === "^";
  if (negated) index++;
  let body = "";
  // A `]` first in the class is one of its characters, as in POSIX.
  if (pattern[index] === "]") {
    body += "\\]";
    index++;
  }
  while (index < pattern.length && pattern[index] !== "]") {
    const char = pattern[index]!;
    if (char === "\\" && index + 1 < pattern.length) {
      // An escaped letter or digit is itself (RE2 would read \d as a digit class); punctuation stays escaped.
      const escaped = pattern[index + 1]!;
      body += /[A-Za-z0-9]/.test(escaped) ? escaped : `\\${escaped}`;
      index += 2;
    } else if (char === "[" && pattern[index + 1] === ":") {
      // A POSIX class such as [:alpha:], which RE2 understands as written.
      const close = pattern.indexOf(":]", index + 2);
      if (close === -1) return null;
      body += pattern.slice(index, close + 2);
      index = close + 2;
    } else {
      body += char === "[" ? "\\[" : char;
      index++;
    }
  }
  if (index >= pattern.length) return null;
  return { regex: negated ? `[^/${body}]` : `[${body}]`, end: index + 1 };
}

/** A brace group of two or more alternatives; null when it is not one (no comma, or never closed), and `{` is literal. */
function translateBraces(glob: Glob, start: number): Translated | null {
  if (!glob.groups.has(start)) glob.groups.set(start, findBraces(glob, start));
  return glob.groups.get(start)!;
}

function findBraces(glob: Glob, start: number): Translated | null {
  const alternatives: string[] = [];
  let index = start + 1;
  for (;;) {
    const part = translate(glob, index, true);
    alternatives.push(part.regex);
    if (part.end >= glob.pattern.length) return null;
    index = part.end + 1;
    if (glob.pattern[part.end] === "}") break;
  }
  if (alternatives.length < 2) return null;
  return { regex: `(?:${alternatives.join("|")})`, end: index };
}
