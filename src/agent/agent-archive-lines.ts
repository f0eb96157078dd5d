// NDJSON plumbing of the agent archive: reading a body line by line, and the running SHA-256 over the lines.
import { ApiError, invalidRequest } from "../api/api-error";

/** No record comes near this (a memory is at most 100 kB); a longer line means the body is not an archive. */
const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** The lines of a body as it arrives, without their "\n"; a last line without one is still a line (a truncated archive). */
export async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let pending = "";
  for await (const chunk of body.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    let end = pending.indexOf("\n");
    while (end >= 0) {
      yield pending.slice(0, end);
      pending = pending.slice(end + 1);
      end = pending.indexOf("\n");
    }
    if (pending.length > MAX_LINE_CHARS) throw new ApiError("request_too_large", `An archive line is longer than ${MAX_LINE_CHARS} characters; this is not an agent archive.`);
  }
  if (pending.length) yield pending;
}

export interface LineDigest {
  /** Adds the line and returns it with its "\n", as it goes into the archive. */
  add(line: string): Promise<string>;
  hex(): Promise<string>;
}

/** SHA-256 over lines as written (UTF-8, each followed by "\n"), computed as they pass without keeping them. */
export function lineDigest(): LineDigest {
  const stream = new crypto.DigestStream("SHA-256");
  const writer = stream.getWriter();
  const encoder = new TextEncoder();
  return {
    async add(line) {
      const written = line + "\n";
      await writer.write(encoder.encode(written));
      return written;
    },
    async hex() {
      await writer.close();
      return [...new Uint8Array(await stream.digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
    },
  };
}

export function archiveLineError(line: number, message: string): ApiError {
  return invalidRequest(`Invalid agent archive at line ${line}: ${message}`);
}
