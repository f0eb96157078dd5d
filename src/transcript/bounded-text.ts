// Shortens text to a limit and marks the cut, so digests and prompts keep known sizes.
export function truncateText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, Math.max(0, limit - 1))}…`;
}
