// NDJSON plumbing of the agent archive: reading a body line by line, and the running SHA-256 over the lines.
import { ApiError, invalidRequest } from "../platform/errors";

/** No record comes near this (a memory is at most 100 kB); a longer line means the body is not an archive. */
const MAX_LINE_BYTES = 16 * 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * The lines of a body as it arrives, without their "\n"; a last line without one is still a line (a truncated archive).
 * Each line is decoded on its own and refused, with its number, unless it is UTF-8: a lenient decoder would put U+FFFD
 * in place of the bad bytes, and the restored record would differ from the exported one.
 */
export async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const decode = (bytes: Uint8Array, number: number) => {
    try {
      return decoder.decode(bytes);
    } catch {
      throw archiveLineError(number, "the line is not valid UTF-8.");
    }
  };
  /** The start of the line being read, in the chunks it arrived in (joined once its end arrives, so a long line is copied once). */
  let parts: Uint8Array[] = [];
  let partBytes = 0;
  let number = 0;
  const line = (tail: Uint8Array) => {
    const bytes = parts.length === 0 ? tail : concat([...parts, tail], partBytes + tail.byteLength);
    parts = [];
    partBytes = 0;
    return decode(bytes, ++number);
  };
  for await (const chunk of body) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      yield line(chunk.subarray(start, end));
      start = end + 1;
    }
    if (start < chunk.byteLength) parts.push(chunk.subarray(start)), (partBytes += chunk.byteLength - start);
    if (partBytes > MAX_LINE_BYTES)
      throw new ApiError("request_too_large", `An archive line is longer than ${MAX_LINE_BYTES} bytes; this is not an agent archive.`);
  }
  if (partBytes) yield line(new Uint8Array(0));
}

function concat(parts: Uint8Array[], bytes: number): Uint8Array {
  const joined = new Uint8Array(bytes);
  let offset = 0;
  for (const part of parts) joined.set(part, offset), (offset += part.byteLength);
  return joined;
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
