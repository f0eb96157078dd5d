// Error signatures: an error's source and text with what varies between occurrences replaced, so one failure reads the same in every session.
import { truncateText } from "./bounded-text";

const SIGNATURE_LIMIT = 200;

/**
 * Applied in order: URLs and paths before ids (a path may hold one), ids before numbers (an id holds digits).
 * Numbers glued to a preceding letter (`utf8`, `http2`) are names, not counts, and stay.
 */
const VARIABLE_PARTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b[a-z][a-z0-9+.-]*:\/\/\S+/g, "<url>"],
  [/(?<![\w/])(?:~|\.{1,2})?(?:\/[\w.@+-]+)+\/?/g, "<path>"],
  [/\b[a-z]:\\[^\s"']*/g, "<path>"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, "<id>"],
  [/\b[a-z]+_(?=[a-z0-9]*\d)[a-z0-9]+\b/g, "<id>"],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/g, "<id>"],
  [/(?<![a-z])\d+(?:\.\d+)*/g, "<n>"],
];

/** `<source>: <normalised text>`: lowercased, numbers, ids, paths and URLs replaced, whitespace collapsed, bounded. */
export function errorSignature(source: string, text: string): string {
  let normalised = text.toLowerCase();
  for (const [pattern, replacement] of VARIABLE_PARTS) normalised = normalised.replace(pattern, replacement);
  return truncateText(`${source}: ${normalised.replace(/\s+/g, " ").trim()}`, SIGNATURE_LIMIT);
}
