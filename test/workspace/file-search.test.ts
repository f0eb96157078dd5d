import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type GrepCursor, type GrepMatch, globMatcher, grepSlice, type SearchedFile } from "../../src/workspace/file-search";
import { globToRegex } from "../../src/workspace/glob-pattern";
import { compileGrepPattern } from "../../src/workspace/search-pattern";

const encoder = new TextEncoder();

/** Content cut into chunks of `size` bytes, as the workspace stores files (in chunks of 512 KiB). */
function chunked(text: string, size: number): Uint8Array[] {
  const bytes = encoder.encode(text);
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.slice(at, at + size));
  return chunks;
}

/** Runs slice after slice from the start, as the grep tool does, and gathers every match. */
function grepAll(texts: Record<string, string>, pattern: string, chunkSize: number, steps: number): { matches: GrepMatch[]; slices: number } {
  const files: SearchedFile[] = Object.keys(texts)
    .sort()
    .map((path, seq) => ({ path, seq, is_text: 1 }));
  const read = (file: SearchedFile, first: number) => chunked(texts[file.path]!, chunkSize).slice(first);
  const compiled = compileGrepPattern(pattern);
  const matches: GrepMatch[] = [];
  let from: GrepCursor | null = null;
  let slices = 0;
  do {
    const remaining: SearchedFile[] = files.filter((file) => (from?.within ? file.path >= from.path : !from || file.path > from.path));
    const slice = grepSlice(remaining, compiled, null, from, { steps, matches: 1_000 }, read);
    matches.push(...slice.matches);
    from = slice.next;
    slices++;
  } while (from);
  return { matches, slices };
}

/** What a plain line-by-line search finds. */
function grepNaive(texts: Record<string, string>, pattern: RegExp): GrepMatch[] {
  return Object.keys(texts)
    .sort()
    .flatMap((path) => {
      const lines = texts[path]!.split("\n");
      if (lines.at(-1) === "") lines.pop();
      return lines.flatMap((text, index) => (pattern.test(text) ? [{ path, line: index + 1, text }] : []));
    });
}

describe("grep in slices", () => {
  it("finds every matching line, numbered right, however the content is chunked and the search sliced", () => {
    const line = fc.stringMatching(/^[abé ]{0,12}$/);
    const file = fc.array(line, { maxLength: 12 }).map((lines) => lines.join("\n"));
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom("/a.txt", "/b.txt", "/c/d.txt"), fc.tuple(file, fc.boolean())),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 80 }),
        (files, chunkSize, steps) => {
          const texts = Object.fromEntries(Object.entries(files).map(([path, [text, newlineAtEnd]]) => [path, newlineAtEnd ? `${text}\n` : text]));
          expect(grepAll(texts, "a+b|é$", chunkSize, steps).matches).toEqual(grepNaive(texts, /a+b|é$/));
        },
      ),
      { seed: 14, numRuns: 300 },
    );
  });

  it("spends a bounded allowance per slice, going on where the last one stopped", () => {
    const text = Array.from({ length: 100 }, (_, index) => `line ${index + 1}`).join("\n");
    const { matches, slices } = grepAll({ "/log.txt": text }, "line [0-9]*0$", 16, 200);
    expect(matches.map((match) => match.line)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(slices).toBeGreaterThan(10);
  });
});

describe("glob patterns", () => {
  it("translate doublestar globs to anchored RE2 expressions", () => {
    const cases: [string, string[], string[]][] = [
      ["**/*.md", ["a.md", "x/y/a.md", ".hidden.md"], ["a.txt", "a.md/x"]],
      ["docs/**", ["docs", "docs/a", "docs/a/b"], ["docsx", "x/docs/a"]],
      ["a/**/b", ["a/b", "a/x/b", "a/x/y/b"], ["a/xb", "b"]],
      ["src/**/*.{ts,tsx}", ["src/a.ts", "src/x/y.tsx"], ["src/a.js", "lib/a.ts"]],
      ["{a,{b,c}}/x", ["a/x", "b/x", "c/x"], ["d/x"]],
      ["file[1-3].txt", ["file2.txt"], ["file4.txt"]],
      ["[!ab]*", ["c", "cab"], ["a", "b/c"]],
      ["\\*.md", ["*.md"], ["x.md"]],
      ["?.md", ["a.md"], ["ab.md", "/.md"]],
      ["a**b", ["ab", "axxb"], ["a/b"]],
      ["+(a|b)", ["+(a|b)"], ["a"]],
      ["{x}", ["{x}"], ["x"]],
    ];
    for (const [pattern, matching, other] of cases) {
      const matches = globMatcher(pattern, "/");
      for (const path of matching) expect(matches(`/${path}`), `${pattern} ${path}`).toBe(true);
      for (const path of other) expect(matches(`/${path}`), `${pattern} ${path}`).toBe(false);
    }
    expect(globToRegex("*.md")).toBe("^[^/]*\\.md$");
  });

  it("translate in time polynomial in their length, however many groups never close", () => {
    for (const pattern of ["{".repeat(1_000), "{a,".repeat(330), "[".repeat(1_000)]) {
      expect(globMatcher(pattern, "/")(`/${pattern}`), pattern.slice(0, 6)).toBe(true);
    }
  });
});
