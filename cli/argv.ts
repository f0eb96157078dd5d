// Parses one command's arguments (flags and positionals) against the flags it declares; anything else is a usage error.

export interface FlagSpec {
  /** `string` flags take a value (`--name x` or `--name=x`); `list` flags may repeat; `boolean` flags take none. */
  type: "string" | "list" | "boolean";
  /** The value's placeholder in help text (`<id>`); empty for boolean flags. */
  value?: string;
  description: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

/** A mistake in how the command was called: exit code 2 with a usage line. */
export class UsageError extends Error {}

export interface ParsedArgs {
  positionals: string[];
  string(name: string): string | undefined;
  list(name: string): string[];
  bool(name: string): boolean;
}

/** Flags every command accepts. */
export const GLOBAL_FLAGS: FlagSpecs = {
  json: { type: "boolean", description: "machine output: one JSON document, or NDJSON for streams" },
  help: { type: "boolean", description: "show this help" },
};

export function parseArgs(argv: string[], declared: FlagSpecs): ParsedArgs {
  const specs: FlagSpecs = { ...GLOBAL_FLAGS, ...declared };
  const positionals: string[] = [];
  const strings = new Map<string, string[]>();
  const booleans = new Set<string>();
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === "--") {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (arg === "-h") {
      booleans.add("help");
      continue;
    }
    if (!arg.startsWith("--") || arg === "-") {
      if (arg.startsWith("-") && arg !== "-") throw new UsageError(`unknown flag ${arg}`);
      positionals.push(arg);
      continue;
    }
    const [name, inline] = splitFlag(arg.slice(2));
    const spec = specs[name];
    if (!spec) throw new UsageError(`unknown flag --${name}`);
    if (spec.type === "boolean") {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      booleans.add(name);
      continue;
    }
    const value = inline ?? argv[++index];
    if (value === undefined) throw new UsageError(`--${name} needs a value ${spec.value ?? ""}`.trimEnd());
    if (spec.type === "string" && strings.has(name)) throw new UsageError(`--${name} was given twice`);
    strings.set(name, [...(strings.get(name) ?? []), value]);
  }
  return {
    positionals,
    string: (name) => strings.get(name)?.[0],
    list: (name) => strings.get(name) ?? [],
    bool: (name) => booleans.has(name),
  };
}

/** A flag's value as a whole number of at least 1. */
export function positiveInteger(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`--${flag} must be a whole number of at least 1`);
  return number;
}

function splitFlag(text: string): [string, string | undefined] {
  const equals = text.indexOf("=");
  return equals === -1 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}
