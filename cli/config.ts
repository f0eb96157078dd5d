// Where the CLI finds Lucid and its key: LUCID_URL and LUCID_API_KEY, else the local `npm start` address and .dev.vars key.
import type { CliIo } from "./io";

export const DEFAULT_URL = "http://127.0.0.1:8787";

export interface CliConfig {
  baseURL: string;
  apiKey: string;
}

export async function resolveConfig(io: CliIo): Promise<CliConfig> {
  const baseURL = (io.env.LUCID_URL || DEFAULT_URL).replace(/\/+$/, "");
  const apiKey = io.env.LUCID_API_KEY || (await localAdminKey(io));
  if (!apiKey) throw new Error("no API key: set LUCID_API_KEY (or run from the Lucid folder, whose .dev.vars holds the local key)");
  return { baseURL, apiKey };
}

/** The key `npm start` uses: LUCID_ADMIN_KEY from .dev.vars, or from .dev.vars.example before the first start copies it. */
async function localAdminKey(io: CliIo): Promise<string | undefined> {
  for (const file of [".dev.vars", ".dev.vars.example"]) {
    const text = (await io.files?.read(file)) ?? null;
    const key = text === null ? undefined : devVar(text, "LUCID_ADMIN_KEY");
    if (key) return key;
  }
  return undefined;
}

/** One variable of a dotenv file (`NAME=value`, optionally quoted; comments ignored). */
export function devVar(text: string, name: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] !== name) continue;
    return match[2]!.replace(/^(["'])(.*)\1$/, "$2");
  }
  return undefined;
}
