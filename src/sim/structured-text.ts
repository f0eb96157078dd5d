// Wording helpers of the simulator's structured answers: path slugs and bounded quotes, so the same input always reads the same.

/** Lowercase words joined by `-`, placeholders like `<path>` kept as their word, whole words up to `limit` characters. */
export function slug(text: string, limit = 48): string {
  const words = text
    .toLowerCase()
    .replace(/<([a-z]+)>/g, " $1 ")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let joined = words[0]?.slice(0, limit) ?? "";
  for (const word of words.slice(1)) {
    if (joined.length + 1 + word.length > limit) break;
    joined += `-${word}`;
  }
  return joined || "untitled";
}

/** The error signature's text without its leading `<source>: `, which a path already names. */
export function signatureText(signature: string, source: string | undefined): string {
  return source && signature.startsWith(`${source}: `) ? signature.slice(source.length + 2) : signature;
}

export function shorten(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
