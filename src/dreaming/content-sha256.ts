// The SHA-256 of a memory's content as lowercase hex, the form memory stores keep in `content_sha256`.
export async function contentSha256(content: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(content));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
