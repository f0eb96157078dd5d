// Help text: the usage line of a command, a command's full help, a group's commands, and the overview.
import { type FlagSpecs, GLOBAL_FLAGS } from "./argv";
import type { Command } from "./command";

export function usageLine(command: Command): string {
  const flags = Object.keys(command.flags).length ? " [flags]" : "";
  return `usage: lucid ${[...command.path, ...command.args].join(" ")}${flags} [--json]`;
}

function flagLines(flags: FlagSpecs): string[] {
  const entries = Object.entries(flags).map(([name, spec]) => [`--${name}${spec.value ? ` ${spec.value}` : ""}`, spec.description] as const);
  const width = Math.max(...entries.map(([left]) => left.length));
  return entries.map(([left, description]) => `  ${left.padEnd(width)}  ${description}`);
}

export function commandHelp(command: Command): string {
  const lines = [usageLine(command), "", command.summary, "", "flags:", ...flagLines({ ...command.flags, ...GLOBAL_FLAGS })];
  if (command.notes?.length) lines.push("", ...command.notes.map((note) => `  ${note}`));
  return lines.join("\n");
}

export function groupHelp(group: string, commands: Command[]): string {
  const width = Math.max(...commands.map((command) => [...command.path, ...command.args].join(" ").length));
  return [
    `usage: lucid ${group} <command> [flags]`,
    "",
    ...commands.map((command) => `  lucid ${[...command.path, ...command.args].join(" ").padEnd(width)}  ${command.summary}`),
    "",
    `lucid ${group} <command> --help shows a command's flags.`,
  ].join("\n");
}

export function overview(commands: Command[]): string {
  const width = Math.max(...commands.map((command) => [...command.path, ...command.args].join(" ").length));
  return [
    "usage: lucid <command> [arguments] [flags] [--json]",
    "",
    "Lucid's command line: agents, live sessions, memory and dreams, from a terminal.",
    "",
    ...commands.map((command) => `  ${[...command.path, ...command.args].join(" ").padEnd(width)}  ${command.summary}`),
    "",
    "Configuration: LUCID_URL (default http://127.0.0.1:8787) and LUCID_API_KEY (default: LUCID_ADMIN_KEY from",
    "./.dev.vars, as npm start uses it). --json prints one JSON document (NDJSON for streams) for scripts.",
    "Exit codes: 0 success, 1 the thing run failed (a failed session or dream, an API error), 2 a usage error.",
    "lucid <command> --help shows a command's flags.",
  ].join("\n");
}
