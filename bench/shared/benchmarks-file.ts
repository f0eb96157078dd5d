// Writes a bench script's section of BENCHMARKS.md, and the context every section states (command, date, machine).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, platform, release } from "node:os";
import { type SectionMarkers, withSection } from "./markdown-section";

const BENCHMARKS_FILE = "BENCHMARKS.md";

export function writeBenchmarksSection(markers: SectionMarkers, section: string): void {
  const document = existsSync(BENCHMARKS_FILE) ? readFileSync(BENCHMARKS_FILE, "utf8") : null;
  writeFileSync(BENCHMARKS_FILE, withSection(document, markers, section));
}

/** The machine a figure was measured on, as every section states it. */
export function machineDescription(): string {
  return `${platform()} ${release()}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, node ${process.version}`;
}

export const today = () => new Date().toISOString().slice(0, 10);

/** The command as the user typed it, for the "reproduce with" line. */
export function commandLine(script: string): string {
  const args = process.argv.slice(2);
  return `npm run ${script}${args.length ? ` -- ${args.join(" ")}` : ""}`;
}
