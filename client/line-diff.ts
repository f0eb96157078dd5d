// A pure line diff (Myers' O(ND) shortest edit script) of memory before and after, and its pairing into side-by-side
// rows: the CLI prints it, the dashboard draws it.

export type DiffLine =
  | { kind: "equal"; text: string; beforeNumber: number; afterNumber: number }
  | { kind: "delete"; text: string; beforeNumber: number }
  | { kind: "insert"; text: string; afterNumber: number };

export type DiffCell = { number: number; text: string };

/** One row of a side-by-side view: a missing side is null (a pure insertion or deletion). */
export type SideBySideRow = { kind: "equal" | "change"; before: DiffCell | null; after: DiffCell | null };

/** Splits text into lines; a final newline ends the last line rather than starting an empty one. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The lines of `after` against `before`, in order: unchanged, deleted from before, inserted in after. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  // Common head and tail are diffed for free; only the middle pays Myers' cost.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;

  const lines: DiffLine[] = [];
  for (let i = 0; i < head; i++) lines.push({ kind: "equal", text: a[i]!, beforeNumber: i + 1, afterNumber: i + 1 });
  const middle = shortestEditScript(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  for (const line of middle) lines.push(shiftLine(line, head));
  for (let i = tail; i > 0; i--) {
    lines.push({ kind: "equal", text: a[a.length - i]!, beforeNumber: a.length - i + 1, afterNumber: b.length - i + 1 });
  }
  return lines;
}

/** Pairs each run of deletions with the insertions that follow it, so a changed line sits beside its replacement. */
export function toSideBySideRows(lines: DiffLine[]): SideBySideRow[] {
  const rows: SideBySideRow[] = [];
  let deleted: DiffCell[] = [];
  let inserted: DiffCell[] = [];
  const flushChange = () => {
    for (let i = 0; i < Math.max(deleted.length, inserted.length); i++) {
      rows.push({ kind: "change", before: deleted[i] ?? null, after: inserted[i] ?? null });
    }
    deleted = [];
    inserted = [];
  };
  for (const line of lines) {
    if (line.kind === "delete") deleted.push({ number: line.beforeNumber, text: line.text });
    else if (line.kind === "insert") inserted.push({ number: line.afterNumber, text: line.text });
    else {
      flushChange();
      rows.push({
        kind: "equal",
        before: { number: line.beforeNumber, text: line.text },
        after: { number: line.afterNumber, text: line.text },
      });
    }
  }
  flushChange();
  return rows;
}

function shiftLine(line: DiffLine, by: number): DiffLine {
  if (line.kind === "equal") return { ...line, beforeNumber: line.beforeNumber + by, afterNumber: line.afterNumber + by };
  if (line.kind === "delete") return { ...line, beforeNumber: line.beforeNumber + by };
  return { ...line, afterNumber: line.afterNumber + by };
}

// Myers' greedy algorithm: v[k] is the furthest x reached on diagonal k (= x - y) with d edits. Each round keeps only
// the diagonals -d..d of v, so memory grows with the square of the edit count, not with the product of the lengths.
// Every index below stays within -d..d (or the lines' bounds) by construction, hence the non-null assertions.
function shortestEditScript(a: string[], b: string[]): DiffLine[] {
  const max = a.length + b.length;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const rounds: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    rounds.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= a.length && y >= b.length) return backtrack(rounds, a, b);
    }
  }
  return backtrack(rounds, a, b);
}

function backtrack(rounds: Int32Array[], a: string[], b: string[]): DiffLine[] {
  const reversed: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = rounds.length - 1; d >= 0; d--) {
    const v = rounds[d]!;
    const at = (k: number) => v[k + d]!;
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = d === 0 ? 0 : at(previousK);
    const previousY = d === 0 ? 0 : previousX - previousK;
    while (x > previousX && y > previousY) {
      reversed.push({ kind: "equal", text: a[x - 1]!, beforeNumber: x, afterNumber: y });
      x--;
      y--;
    }
    if (d === 0) break;
    if (x === previousX) reversed.push({ kind: "insert", text: b[y - 1]!, afterNumber: y });
    else reversed.push({ kind: "delete", text: a[x - 1]!, beforeNumber: x });
    x = previousX;
    y = previousY;
  }
  return reversed.reverse();
}
