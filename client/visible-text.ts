// Stored text as a person should see it, in a terminal or the dashboard: control and bidirectional formatting characters
// shown as visible escapes (`\u{1b}`), so text from the API can neither drive a terminal (ESC [2J clears it) nor reorder
// what is read (U+202E writes the rest of a line backwards).

/** C0 and C1 controls, DEL, and the bidirectional marks, embeddings, overrides and isolates. */
const HIDDEN = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

export interface VisibleTextOptions {
  /** Keep tab, line feed and a carriage return before a line feed (text shown over several lines). Otherwise escaped too. */
  lines?: boolean;
}

export function visibleText(text: string, options: VisibleTextOptions = {}): string {
  return text.replace(HIDDEN, (character, offset: number) => {
    if (options.lines && (character === "\n" || character === "\t" || (character === "\r" && text[offset + 1] === "\n"))) return character;
    return `\\u{${character.codePointAt(0)!.toString(16)}}`;
  });
}
