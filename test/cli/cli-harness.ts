// Runs the CLI inside workerd against the Worker under test, capturing what it prints and an in-memory file system.
import { runCli } from "../../cli/main";
import type { LocalFiles } from "../../cli/io";
import { ADMIN_KEY, lucidFetch } from "../fixtures/lucid";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  isTTY?: boolean;
  apiKey?: string;
  /** Local files the CLI may read and write, by path; written files appear here. */
  files?: Map<string, string>;
  /** What the user "saves" in $EDITOR, given what it showed. */
  editor?: (text: string) => string;
  stdin?: string;
  /** Environment variables besides LUCID_URL and LUCID_API_KEY (a token a command reads by name). */
  env?: Record<string, string>;
}

function memoryFiles(files: Map<string, string>): LocalFiles {
  return {
    read: async (path) => files.get(path) ?? null,
    write: async (path, text) => void files.set(path, text),
    listTree: async (directory) => {
      const prefix = `${directory.replace(/\/+$/, "")}/`;
      return [...files.keys()]
        .filter((path) => path.startsWith(prefix))
        .map((path) => path.slice(prefix.length))
        .sort();
    },
  };
}

export async function lucid(argv: string[], options: CliOptions = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: { write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
    env: { ...options.env, LUCID_URL: "http://lucid.test", LUCID_API_KEY: options.apiKey ?? ADMIN_KEY },
    isTTY: options.isTTY ?? false,
    fetch: lucidFetch,
    files: memoryFiles(options.files ?? new Map()),
    ...(options.editor ? { editText: async (text: string) => options.editor!(text) } : {}),
    ...(options.stdin !== undefined ? { readStdin: async () => options.stdin! } : {}),
    pollMs: 20,
  });
  return { code, stdout, stderr };
}

/** The one JSON document a --json command printed. */
export function jsonOf<T>(run: CliRun): T {
  if (run.code !== 0) throw new Error(`the command failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/** The NDJSON lines a streaming --json command printed. */
export function ndjsonOf(run: CliRun): Array<Record<string, unknown>> {
  return run.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
