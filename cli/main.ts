// The CLI's entry: `runCli(argv, io)` finds the command, parses its arguments, runs it, and returns the exit code.
import { LucidApiError, LucidClient, LucidConnectionError } from "../client/index";
import Anthropic from "@anthropic-ai/sdk";
import { parseArgs, UsageError } from "./argv";
import { type Command, requiredArgs } from "./command";
import { COMMANDS } from "./commands/index";
import { resolveConfig } from "./config";
import type { CliIo } from "./io";
import { createOutput } from "./output";
import { commandHelp, groupHelp, overview, usageLine } from "./usage";

export type { CliIo } from "./io";

const DEFAULT_POLL_MS = 250;

/** The command named by the leading words of argv, and the arguments after them. */
function findCommand(argv: string[]): { command: Command; rest: string[] } | { group: string } | undefined {
  const [first, second] = argv;
  const single = COMMANDS.find((command) => command.path.length === 1 && command.path[0] === first);
  if (single) return { command: single, rest: argv.slice(1) };
  const sub = COMMANDS.find((command) => command.path[0] === first && command.path[1] === second);
  if (sub) return { command: sub, rest: argv.slice(2) };
  if (COMMANDS.some((command) => command.path[0] === first)) return { group: first! };
  return undefined;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const usage = (message: string, line: string) => {
    io.stderr.write(`lucid: ${message}\n${line}\n`);
    return 2;
  };
  if (!argv.length || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    (argv.length ? io.stdout : io.stderr).write(`${overview(COMMANDS)}\n`);
    return argv.length ? 0 : 2;
  }
  const found = findCommand(argv);
  if (!found) return usage(`unknown command "${argv[0]}"`, "usage: lucid <command> [arguments] [flags]  (lucid --help lists them)");
  if ("group" in found) {
    const group = COMMANDS.filter((command) => command.path[0] === found.group);
    const wantsHelp = argv[1] === undefined || argv[1] === "--help" || argv[1] === "-h";
    if (wantsHelp && argv[1] !== undefined) return (io.stdout.write(`${groupHelp(found.group, group)}\n`), 0);
    const problem = argv[1] === undefined ? `"${found.group}" needs a command` : `unknown command "${found.group} ${argv[1]}"`;
    return usage(problem, groupHelp(found.group, group));
  }
  const { command, rest } = found;
  let args;
  try {
    args = parseArgs(rest, command.flags);
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message, usageLine(command));
    throw error;
  }
  if (args.bool("help")) return (io.stdout.write(`${commandHelp(command)}\n`), 0);
  if (args.positionals.length < requiredArgs(command))
    return usage(
      `missing ${command.args
        .slice(args.positionals.length)
        .filter((arg) => arg.startsWith("<"))
        .join(" ")}`,
      usageLine(command),
    );
  if (args.positionals.length > command.args.length) return usage(`unexpected argument "${args.positionals[command.args.length]}"`, usageLine(command));

  const json = args.bool("json");
  const out = createOutput(io.stdout, io.stderr, json);
  try {
    const { baseURL, apiKey } = await resolveConfig(io);
    const lucid = new LucidClient({ baseURL, apiKey, ...(io.fetch ? { fetch: io.fetch } : {}) });
    return await command.run({ io, out, lucid, anthropic: lucid.anthropic(), json, pollMs: io.pollMs ?? DEFAULT_POLL_MS }, args);
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message, usageLine(command));
    out.note(`lucid: ${describeFailure(error)}`);
    return 1;
  }
}

/** An API error as its type and message (with the request id to quote), a connection failure, or any other error. */
function describeFailure(error: unknown): string {
  if (error instanceof LucidApiError) return `${error.type} (${error.status}): ${error.message}${error.requestId ? ` [request-id ${error.requestId}]` : ""}`;
  if (error instanceof Anthropic.APIError) {
    const body = error.error as { error?: { type?: string; message?: string } } | undefined;
    return `${body?.error?.type ?? "api_error"} (${error.status ?? "no status"}): ${body?.error?.message ?? error.message}${error.requestID ? ` [request-id ${error.requestID}]` : ""}`;
  }
  if (error instanceof LucidConnectionError || error instanceof Anthropic.APIConnectionError) return `could not reach Lucid: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
