// Well-formed Unicode in parsed JSON: a lone UTF-16 surrogate (the JSON escape "\ud800") has no UTF-8 form, so storing
// it would turn it into U+FFFD and the text read back would no longer be the text written (nor match its content_sha256).

/** A surrogate code point that is not half of a pair: with the `u` flag, paired surrogates are one astral code point. */
const LONE_SURROGATE = /\p{Cs}/u;

export const isWellFormedText = (text: string) => !LONE_SURROGATE.test(text);

/**
 * Where the first string (or object key) that is not well-formed Unicode sits in a parsed JSON value, as a dotted path
 * ("events.0.content.1.text"; "" for the value itself), or null when every string is well-formed. Walked without
 * recursion, so any depth JSON.parse accepts is safe.
 */
export function illFormedTextPath(value: unknown): string | null {
  const pending: [unknown, string][] = [[value, ""]];
  while (pending.length > 0) {
    const [item, path] = pending.pop()!;
    if (typeof item === "string") {
      if (!isWellFormedText(item)) return path;
      continue;
    }
    if (item === null || typeof item !== "object") continue;
    for (const [key, child] of Object.entries(item)) {
      const childPath = path ? `${path}.${key}` : key;
      if (!isWellFormedText(key)) return childPath;
      pending.push([child, childPath]);
    }
  }
  return null;
}

/** What is wrong with such text, naming where it is. */
export function illFormedTextProblem(path: string): string {
  return `${path ? `${path}: ` : ""}is not well-formed Unicode (it holds a lone UTF-16 surrogate, such as "\\ud800" without its pair).`;
}
