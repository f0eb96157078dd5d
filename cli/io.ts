// What the command line needs from its host: output streams, environment, local files and an editor, injectable for tests.

export interface TextSink {
  write(text: string): void;
}

/** Local files the CLI reads and writes (bundles, edits, workspace seeds, .dev.vars); paths are as the user typed them. */
export interface LocalFiles {
  /** The file's text, or null when it does not exist. */
  read(path: string): Promise<string | null>;
  write(path: string, text: string): Promise<void>;
  /** Every regular file below a directory, as paths relative to it with `/` separators. */
  listTree(directory: string): Promise<string[]>;
}

export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal: spinners and redrawn tables only then. */
  isTTY: boolean;
  /** The transport to Lucid (tests pass one into the Worker); the global fetch otherwise. */
  fetch?: typeof fetch;
  files?: LocalFiles;
  /** Opens text in the user's $EDITOR and returns what they saved. */
  editText?: (text: string, fileName: string) => Promise<string>;
  /** Standard input, read whole (for `memory import -`). */
  readStdin?: () => Promise<string>;
  /** Milliseconds between polls of a dream or a session; small in tests. */
  pollMs?: number;
}

export function localFiles(io: CliIo): LocalFiles {
  if (!io.files) throw new Error("this host gives the command line no access to local files");
  return io.files;
}
