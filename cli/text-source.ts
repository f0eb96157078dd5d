// Flag values that are text given inline, or read from a local file when written `@path` (curl's convention).
import { UsageError } from "./argv";
import { type CliIo, localFiles } from "./io";

export async function textOrFile(io: CliIo, value: string): Promise<string> {
  if (!value.startsWith("@")) return value;
  const text = await localFiles(io).read(value.slice(1));
  if (text === null) throw new UsageError(`no file ${value.slice(1)}`);
  return text;
}
