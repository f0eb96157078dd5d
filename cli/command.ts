// The shape of one CLI command and what it runs with: the clients, the output, the parsed arguments.
import type Anthropic from "@anthropic-ai/sdk";
import type { LucidClient } from "../client/index";
import type { FlagSpecs, ParsedArgs } from "./argv";
import type { CliIo } from "./io";
import type { Output } from "./output";

export interface CommandContext {
  io: CliIo;
  out: Output;
  /** Lucid's own client, for its extensions. */
  lucid: LucidClient;
  /** The official SDK, for the Managed-Agents-compatible routes. */
  anthropic: Anthropic;
  json: boolean;
  /** Milliseconds between polls while following a dream or a session's threads. */
  pollMs: number;
}

export interface Command {
  /** The words that name it: `["agents", "create"]`, `["run"]`. */
  path: string[];
  /** Positional arguments, `<required>` or `[optional]`, as the usage line shows them. */
  args: string[];
  summary: string;
  flags: FlagSpecs;
  /** Extra help lines (examples, notes). */
  notes?: string[];
  /** Returns the exit code: 0 success, 1 the thing run failed. */
  run(context: CommandContext, args: ParsedArgs): Promise<number>;
}

/** The positional arguments a command requires, checked before it runs. */
export function requiredArgs(command: Command): number {
  return command.args.filter((arg) => arg.startsWith("<")).length;
}
