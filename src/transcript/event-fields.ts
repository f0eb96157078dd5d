// The text of recorded content, which every reader of a transcript wants as one string.

/** The `text` of the text blocks, joined by newlines (images and documents skipped); "" when there is no content. */
export function contentText(content: readonly { type: string; text?: string }[] | undefined): string {
  return (content ?? []).flatMap((block) => (block.type === "text" && block.text !== undefined ? [block.text] : [])).join("\n");
}
