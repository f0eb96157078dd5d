// The dashboard's line diff: Myers' shortest edit script and its side-by-side pairing.
import { describe, expect, it } from "vitest";
import { diffLines, splitLines, toSideBySideRows, type DiffLine } from "../../client/line-diff";

/** Re-applies a diff to its sides: the deletions and equals must rebuild `before`, the insertions and equals `after`. */
function sidesOf(lines: DiffLine[]): { before: string[]; after: string[] } {
  return {
    before: lines.filter((line) => line.kind !== "insert").map((line) => line.text),
    after: lines.filter((line) => line.kind !== "delete").map((line) => line.text),
  };
}

const shape = (lines: DiffLine[]) => lines.map((line) => `${{ equal: " ", delete: "-", insert: "+" }[line.kind]}${line.text}`);

describe("diffLines", () => {
  it("marks every line unchanged when both sides are identical", () => {
    const lines = diffLines("a\nb\nc\n", "a\nb\nc\n");
    expect(shape(lines)).toEqual([" a", " b", " c"]);
    expect(lines.map((line) => line.kind === "equal" && [line.beforeNumber, line.afterNumber])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it("returns nothing for two empty sides", () => {
    expect(diffLines("", "")).toEqual([]);
  });

  it("inserts every line when the before side is empty", () => {
    expect(diffLines("", "x\ny")).toEqual([
      { kind: "insert", text: "x", afterNumber: 1 },
      { kind: "insert", text: "y", afterNumber: 2 },
    ]);
  });

  it("deletes every line when the after side is empty", () => {
    expect(diffLines("x\ny\n", "")).toEqual([
      { kind: "delete", text: "x", beforeNumber: 1 },
      { kind: "delete", text: "y", beforeNumber: 2 },
    ]);
  });

  it("finds an insertion in the middle with line numbers on both sides", () => {
    const lines = diffLines("a\nb\nc", "a\nb\nnew\nc");
    expect(shape(lines)).toEqual([" a", " b", "+new", " c"]);
    expect(lines[2]).toEqual({ kind: "insert", text: "new", afterNumber: 3 });
    expect(lines[3]).toEqual({ kind: "equal", text: "c", beforeNumber: 3, afterNumber: 4 });
  });

  it("finds a deletion at the start", () => {
    const lines = diffLines("gone\na\nb", "a\nb");
    expect(shape(lines)).toEqual(["-gone", " a", " b"]);
    expect(lines[1]).toEqual({ kind: "equal", text: "a", beforeNumber: 2, afterNumber: 1 });
  });

  it("keeps the longest common subsequence when lines move and change", () => {
    // Classic Myers example: ABCABBA -> CBABAC has an edit distance of 5 (LCS of length 4).
    const before = "A\nB\nC\nA\nB\nB\nA";
    const after = "C\nB\nA\nB\nA\nC";
    const lines = diffLines(before, after);
    expect(lines.filter((line) => line.kind === "equal")).toHaveLength(4);
    expect(lines.filter((line) => line.kind !== "equal")).toHaveLength(5);
    expect(sidesOf(lines)).toEqual({ before: splitLines(before), after: splitLines(after) });
  });

  it("rebuilds both sides of a larger edit and numbers lines consecutively", () => {
    const before = ["# Notes", "- use pnpm", "- tests in vitest", "- deploy on fridays", "end"].join("\n");
    const after = ["# Notes", "- use npm", "- tests in vitest", "- never deploy on fridays", "- lint first", "end"].join("\n");
    const lines = diffLines(before, after);
    expect(sidesOf(lines)).toEqual({ before: splitLines(before), after: splitLines(after) });
    const beforeNumbers = lines.flatMap((line) => (line.kind === "insert" ? [] : [line.beforeNumber]));
    const afterNumbers = lines.flatMap((line) => (line.kind === "delete" ? [] : [line.afterNumber]));
    expect(beforeNumbers).toEqual([1, 2, 3, 4, 5]);
    expect(afterNumbers).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lines.filter((line) => line.kind === "equal").map((line) => line.text)).toEqual(["# Notes", "- tests in vitest", "end"]);
  });

  it("treats CRLF and LF line endings alike", () => {
    expect(shape(diffLines("a\r\nb\r\n", "a\nb\n"))).toEqual([" a", " b"]);
  });
});

describe("toSideBySideRows", () => {
  it("pairs a changed line with its replacement and leaves unmatched sides empty", () => {
    const rows = toSideBySideRows(diffLines("a\nold\nb", "a\nnew\nextra\nb"));
    expect(rows).toEqual([
      { kind: "equal", before: { number: 1, text: "a" }, after: { number: 1, text: "a" } },
      { kind: "change", before: { number: 2, text: "old" }, after: { number: 2, text: "new" } },
      { kind: "change", before: null, after: { number: 3, text: "extra" } },
      { kind: "equal", before: { number: 3, text: "b" }, after: { number: 4, text: "b" } },
    ]);
  });

  it("shows a pure deletion with nothing on the right", () => {
    expect(toSideBySideRows(diffLines("x", ""))).toEqual([{ kind: "change", before: { number: 1, text: "x" }, after: null }]);
  });
});
