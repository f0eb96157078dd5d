// Turns what a person or agent types into a safe FTS5 query: words only, each quoted, any of them may match.
const MAX_TERMS = 32;

/**
 * The FTS5 MATCH expression for a free-text query, or null when it holds no searchable word. Every term is a
 * quoted string of letters, digits and marks, so FTS5 operators, quotes and parentheses in the input stay inert.
 * Terms are joined with OR so that BM25 ranks memories matching more of them first instead of dropping the rest.
 */
export function toFtsQuery(text: string): string | null {
  const words = text.normalize("NFC").match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  const unique = [...new Set(words.map((word) => word.toLowerCase()))].slice(0, MAX_TERMS);
  return unique.length ? unique.map((word) => `"${word}"`).join(" OR ") : null;
}
