// Spans of text that patterns found, and whether two kinds of span stand close together: the building blocks of the poisoning risk model.

export interface Span {
  start: number;
  end: number;
}

/** Word boundaries that know letters beyond ASCII (`\b` does not: it sees no boundary before "übermittle"). */
export const WORD_START = String.raw`(?<![\p{L}\p{N}_])`;
export const WORD_END = String.raw`(?![\p{L}\p{N}_])`;

/** One pattern per alternative list: `words("send", "forward")` matches either as a whole word, any case. */
export const words = (...alternatives: string[]) => new RegExp(`${WORD_START}(?:${alternatives.join("|")})${WORD_END}`, "giu");

/** Every match of a global pattern, in order. */
export function spansOf(text: string, pattern: RegExp): Span[] {
  return [...text.matchAll(pattern)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
}

/** The spans of several lists as one list in text order, overlapping spans merged, as pairsWithin needs. */
export function mergeSpans(...lists: readonly Span[][]): Span[] {
  const merged: Span[] = [];
  for (const span of lists.flat().sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** Characters between two spans; 0 when they overlap. */
const gapBetween = (a: Span, b: Span) => Math.max(0, a.start - b.end, b.start - a.end);

/**
 * Each span of `a` paired with a span of `b` at most `within` characters away in either order, if any. Both lists are
 * in text order and free of overlaps (each comes from one global pattern), so one sweep compares each span of `a`
 * with the nearest span of `b` on either side only: linear, whatever the input.
 */
function* pairsWithin(a: readonly Span[], b: readonly Span[], within: number): Generator<[Span, Span]> {
  let next = 0;
  for (const span of a) {
    while (next < b.length && b[next]!.end <= span.start) next++;
    const partner = [b[next - 1], b[next]].find((candidate) => candidate !== undefined && gapBetween(span, candidate) <= within);
    if (partner) yield [span, partner];
  }
}

/** The first span of `a` with a span of `b` close by, and that span; null when none is. */
export function nearPair(a: readonly Span[], b: readonly Span[], within: number): [Span, Span] | null {
  for (const pair of pairsWithin(a, b, within)) return pair;
  return null;
}

/** The spans of `a` with a span of `b` close by. */
export const spansNear = (a: readonly Span[], b: readonly Span[], within: number): Span[] => [...pairsWithin(a, b, within)].map(([span]) => span);

/** Each span of `a` with the nearest span of `b` ending before it, when at most `within` characters separate them (one sweep). */
export function precededBy(a: readonly Span[], b: readonly Span[], within: number): [Span, Span][] {
  const pairs: [Span, Span][] = [];
  let next = 0;
  for (const span of a) {
    while (next < b.length && b[next]!.end <= span.start) next++;
    const before = b[next - 1];
    if (before && span.start - before.end <= within) pairs.push([span, before]);
  }
  return pairs;
}

/** The smallest span covering both. */
export const covering = ([a, b]: readonly [Span, Span]): Span => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });
