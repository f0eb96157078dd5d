// Glob and grep patterns compiled for RE2 (re2js, a pure-JavaScript port of Google's RE2): matching takes time linear
// in the text, never the exponential backtracking of JavaScript's RegExp, and a pattern's compiled size is capped, so
// the cost of searching a byte is bounded too. A refused pattern is an invalid request whose message says what to change.
import { RE2JS, RE2JSSyntaxException } from "re2js";
import { invalidRequest } from "../platform/errors";
import { MAX_SEARCH_PATTERN_CHARS, MAX_SEARCH_PROGRAM_SIZE } from "../schemas/limits";
import { globToRegex } from "./glob-pattern";

/** A compiled pattern and what searching one byte with it may cost, in steps (see MAX_SEARCH_STEPS). */
export interface SearchPattern {
  regex: RE2JS;
  stepsPerByte: number;
}

const RE2_SYNTAX = "grep patterns are RE2 regular expressions (https://github.com/google/re2/wiki/Syntax), which match in time linear in the text";

/** A grep pattern: RE2 syntax, which is JavaScript's without backreferences or lookaround. */
export function compileGrepPattern(pattern: string): SearchPattern {
  requireLength("pattern", pattern);
  try {
    return bounded("pattern", RE2JS.compile(pattern));
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) throw invalidRequest(describeRefusal(error));
    throw error;
  }
}

/** A glob pattern (see glob-pattern.ts), matched against whole paths. */
export function compileGlobPattern(pattern: string, field = "pattern"): SearchPattern {
  requireLength(field, pattern);
  try {
    return bounded(field, RE2JS.compile(globToRegex(pattern)));
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) throw invalidRequest(`${field} is not a valid glob pattern: ${error.getDescription()}.`);
    throw error;
  }
}

function requireLength(field: string, pattern: string): void {
  if (pattern.length > MAX_SEARCH_PATTERN_CHARS) {
    throw invalidRequest(`${field} has ${pattern.length} characters; a search pattern may have at most ${MAX_SEARCH_PATTERN_CHARS.toLocaleString("en-US")}.`);
  }
}

function bounded(field: string, regex: RE2JS): SearchPattern {
  const size = regex.programSize();
  if (size > MAX_SEARCH_PROGRAM_SIZE) {
    throw invalidRequest(
      `${field} is too complex: it compiles to ${size} instructions, more than ${MAX_SEARCH_PROGRAM_SIZE.toLocaleString("en-US")}. Use smaller repetition counts or fewer alternatives.`,
    );
  }
  return { regex, stepsPerByte: size };
}

/** What RE2 refused, in words that tell the agent how to write the pattern instead. */
function describeRefusal(error: RE2JSSyntaxException): string {
  const offending = error.getPattern() ?? "";
  if (error.getDescription() === "invalid escape sequence" && /^\\([1-9]|k)/.test(offending)) {
    return `${RE2_SYNTAX}; they have no backreferences (\\1, \\k<name>). Search for the repeated text itself, or for a broader pattern, and read the matches.`;
  }
  if (/^\(\?<?[=!]/.test(offending)) {
    return `${RE2_SYNTAX}; they have no lookahead or lookbehind ((?=…), (?!…), (?<=…), (?<!…)). Match the surrounding text as part of the pattern instead.`;
  }
  return `pattern is not a valid RE2 regular expression: ${error.getDescription()}${offending ? `: \`${offending}\`` : ""}. RE2 syntax is JavaScript's without backreferences or lookaround; write \\x{41} for \\u0041, and flags inline, like (?i) for case-insensitive.`;
}
