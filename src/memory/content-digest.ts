// A memory's content fingerprint as the API defines it: lowercase hex SHA-256 of the UTF-8 bytes, and their count.
import { MAX_MEMORY_CONTENT_BYTES } from "../schemas/limits";
import { sha256Hex } from "../sha256";

export interface ContentDigest {
  content_sha256: string;
  content_size_bytes: number;
}

/** The largest content a memory may hold: 100 kB, as in the Managed Agents API. */
export const MAX_CONTENT_BYTES = MAX_MEMORY_CONTENT_BYTES;

export async function digestContent(content: string): Promise<ContentDigest> {
  return { content_sha256: await sha256Hex(content), content_size_bytes: new TextEncoder().encode(content).byteLength };
}
