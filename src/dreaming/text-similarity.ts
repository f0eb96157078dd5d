// Lexical similarity for dreaming's deterministic steps: Jaccard over character shingles for near-duplicates, cosine over words for relatedness.

/** Lowercased letters and digits in single-spaced words; apostrophes dropped so "don't" stays one word. */
export function normaliseText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The distinct `size`-character substrings of the normalised text; a text shorter than that is its own single shingle. */
export function characterShingles(text: string, size = 5): Set<string> {
  const normalised = normaliseText(text);
  if (normalised.length <= size) return new Set([normalised]);
  const shingles = new Set<string>();
  for (let start = 0; start + size <= normalised.length; start++) shingles.add(normalised.slice(start, start + size));
  return shingles;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const item of small) if (large.has(item)) shared++;
  return shared / (a.size + b.size - shared);
}

const NEGATIONS = new Set(["no", "not", "never", "dont", "doesnt", "didnt", "cannot", "cant", "wont", "without", "nor"]);

/**
 * The numbers and negations of a text, sorted: where two sentences that differ in a character or two state different
 * facts ("limit is 100" / "limit is 500", "use sudo" / "never use sudo"), so near-duplicates must agree on them.
 */
export function factMarkers(text: string): string {
  const words = normaliseText(text).split(" ");
  const numbers = words.flatMap((word) => word.match(/\d+/g) ?? []);
  return [...numbers, ...words.filter((word) => NEGATIONS.has(word))].sort().join(" ");
}

const STOPWORDS = new Set(
  "a an and are as at be by for from has have in is it its of on or that the this to was were when with which will would you your".split(" "),
);

/** How often each content word (two characters or more, not a stopword) occurs. */
export function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of normaliseText(text).split(" ")) {
    if (word.length < 2 || STOPWORDS.has(word)) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return counts;
}

/** Cosine of two word-count vectors: 1 for the same words in the same proportions, 0 for none shared; length-neutral. */
export function cosineSimilarity(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  for (const [word, count] of a) dot += count * (b.get(word) ?? 0);
  if (dot === 0) return 0;
  return dot / (norm(a) * norm(b));
}

const norm = (vector: ReadonlyMap<string, number>) => Math.sqrt([...vector.values()].reduce((sum, count) => sum + count * count, 0));
