// Writing to the terminal: lines for people, JSON documents and NDJSON lines for scripts.
import type { TextSink } from "./io";

export interface Output {
  /** Writes a line for people (nothing in --json mode). */
  line(text?: string): void;
  /** Writes raw text for people, no newline added (nothing in --json mode). */
  text(text: string): void;
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
      if (!json) stdout.write(`${text}\n`);
    },
    text: (text) => {
      if (!json) stdout.write(text);
    },
    json: (value) => stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    record: (value) => stdout.write(`${JSON.stringify(value)}\n`),
    note: (text) => stderr.write(`${text}\n`),
    stdout,
  };
}

/** Aligned columns with a header row, for listings. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)));
  const format = (cells: string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ").trimEnd();
  return [format(headers), ...rows.map(format)].join("\n");
}

/** Text shortened to one line of at most `max` characters. */
export function oneLine(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
