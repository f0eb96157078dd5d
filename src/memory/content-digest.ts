// A memory's content fingerprint as the API defines it: lowercase hex SHA-256 of the UTF-8 bytes, and their count.
export interface ContentDigest {
  content_sha256: string;
  content_size_bytes: number;
}

/** The largest content a memory may hold: 100 kB, as in the Managed Agents API. */
export const MAX_CONTENT_BYTES = 102_400;

export async function digestContent(content: string): Promise<ContentDigest> {
  const bytes = new TextEncoder().encode(content);
  const hash = await crypto.subtle.digest("SHA-256", bytes);
  const hex = [...new Uint8Array(hash)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return { content_sha256: hex, content_size_bytes: bytes.byteLength };
}
