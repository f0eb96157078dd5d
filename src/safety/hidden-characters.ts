// Characters a reader cannot see (zero-width, bidirectional controls, tag characters, …): finding them, stripping them from what memory keeps, revealing them to reviewers.

/**
 * Invisible or display-altering characters:
 * - every format character (Unicode category Cf), which covers the zero-width space, non-joiner and joiner and the
 *   directional marks (U+200B–U+200F), the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 *   U+2066–U+2069), the word joiner and invisible operators (U+2060–U+2064), the byte order mark (U+FEFF), the soft
 *   hyphen, and the tag characters (U+E0000–U+E007F), which can spell out a whole sentence nobody sees;
 * - blank letters that render as nothing: Hangul fillers (U+115F, U+1160, U+3164, U+FFA0);
 * - the supplementary variation selectors (U+E0100–U+E01EF), which can carry bytes after a visible character.
 * The ordinary variation selectors U+FE00–U+FE0F are kept: emoji and CJK text need them and they carry no text.
 */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point is matched on its own, on purpose.
const HIDDEN = /[\p{Cf}\u115F\u1160\u3164\uFFA0\u{E0100}-\u{E01EF}]/gu;
const ZERO_WIDTH_JOINER = "\u200D";
/** What may stand on either side of a joiner inside an emoji sequence (👩‍💻, 👩🏽‍💻, ❤️‍🔥). */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point is matched on its own, on purpose.
const EMOJI_PART = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]/u;
const TAG_FIRST = 0xe0000;
const TAG_LAST = 0xe007f;

export interface HiddenCharacter {
  /** `U+200B`. */
  code_point: string;
  count: number;
}

/** A joiner inside an emoji sequence is how the emoji is spelled, not hidden text. */
function isEmojiJoiner(text: string, index: number): boolean {
  const low = text.charCodeAt(index - 1);
  const before = text.slice(low >= 0xdc00 && low <= 0xdfff ? index - 2 : index - 1, index);
  const after = String.fromCodePoint(text.codePointAt(index + 1) ?? 0);
  return EMOJI_PART.test(before) && EMOJI_PART.test(after);
}

function* hiddenMatches(text: string): Generator<{ index: number; char: string }> {
  for (const match of text.matchAll(HIDDEN)) {
    if (match[0] === ZERO_WIDTH_JOINER && isEmojiJoiner(text, match.index)) continue;
    yield { index: match.index, char: match[0] };
  }
}

const codePointOf = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

/** Each distinct hidden character in the text, in order of first appearance, with how often it occurs. */
export function findHiddenCharacters(text: string): HiddenCharacter[] {
  const counts = new Map<string, number>();
  for (const { char } of hiddenMatches(text)) counts.set(codePointOf(char), (counts.get(codePointOf(char)) ?? 0) + 1);
  return [...counts].map(([code_point, count]) => ({ code_point, count }));
}

export const hasHiddenCharacters = (text: string) => !hiddenMatches(text).next().done;

/** The text without its hidden characters: what memory keeps, so nothing in it is invisible to the person who reads it. */
export function stripHiddenCharacters(text: string): string {
  let out = "";
  let from = 0;
  for (const { index, char } of hiddenMatches(text)) {
    out += text.slice(from, index);
    from = index + char.length;
  }
  return out + text.slice(from);
}

const isTag = (char: string) => {
  const code = char.codePointAt(0) ?? 0;
  return code >= TAG_FIRST && code <= TAG_LAST;
};

/**
 * The text with each hidden character written out visibly as `[U+200B]`, and each run of tag characters decoded as
 * `[hidden tag text: "…"]`, so a reviewer reads exactly what a model would have read.
 */
export function revealHiddenCharacters(text: string): string {
  let out = "";
  let from = 0;
  let tagRun = "";
  const flushTags = () => {
    if (tagRun) out += `[hidden tag text: ${JSON.stringify(tagRun)}]`;
    tagRun = "";
  };
  for (const { index, char } of hiddenMatches(text)) {
    if (index !== from || !isTag(char)) flushTags();
    out += text.slice(from, index);
    from = index + char.length;
    if (isTag(char)) tagRun += String.fromCodePoint((char.codePointAt(0) ?? 0) - TAG_FIRST).replace(/[\x00-\x1f\x7f]/g, "");
    else out += `[${codePointOf(char)}]`;
  }
  flushTags();
  return out + text.slice(from);
}

/** What a detector should read: the visible text with any tag-character text decoded beside it, since a model reads both. */
export function readableText(text: string): string {
  const decoded = [...text]
    .filter(isTag)
    .map((char) => String.fromCodePoint((char.codePointAt(0) ?? 0) - TAG_FIRST))
    .join("");
  const visible = stripHiddenCharacters(text);
  return decoded ? `${visible}\n${decoded}` : visible;
}
