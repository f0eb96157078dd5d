// Writing to the terminal: lines for people, JSON documents and NDJSON lines for scripts.
import { visibleText } from "../client/visible-text";
import type { TextSink } from "./io";

/**
 * Everything written for people passes through visibleText: names, titles, paths and messages come from the API, and a
 * control character in them must show as `\u{1b}`, not clear the screen. Scripts get JSON as it is (--json).
 */
export interface Output {
  /** Writes a line for people (nothing in --json mode). */
  line(text?: string): void;
  /** Writes text for people, no newline added (nothing in --json mode). */
  text(text: string): void;
  /** Writes a terminal control sequence of the CLI's own (redrawing a table), as it is (nothing in --json mode). */
  control(sequence: string): void;
  /** One JSON document (--json) . */
  json(value: unknown): void;
  /** One NDJSON line of a stream (--json). */
  record(value: unknown): void;
  /** A note on stderr, shown in both modes. */
  note(text: string): void;
  stdout: TextSink;
}

export function createOutput(stdout: TextSink, stderr: TextSink, json: boolean): Output {
  return {
    line: (text = "") => {
      if (!json) stdout.write(`${visibleText(text, { lines: true })}\n`);
    },
    text: (text) => {
      if (!json) stdout.write(visibleText(text, { lines: true }));
    },
    control: (sequence) => {
      if (!json) stdout.write(sequence);
    },
    json: (value) => stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    record: (value) => stdout.write(`${JSON.stringify(value)}\n`),
    note: (text) => stderr.write(`${visibleText(text, { lines: true })}\n`),
    stdout,
  };
}

/** Aligned columns with a header row, for listings; each cell is one line, its hidden characters shown before it is measured. */
export function table(headers: string[], rawRows: string[][]): string {
  const rows = rawRows.map((row) => row.map((cell) => visibleText(cell)));
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd();
  return [format(headers), ...rows.map(format)].join("\n");
}

/** Text shortened to one line of at most `max` characters. */
export function oneLine(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
