// Typed reads of a recorded event's fields, which the transcript keeps as arbitrary JSON.
import type { Json } from "../schemas/common";

export type JsonRecord = { [key: string]: Json };

export const isJsonRecord = (value: Json | undefined): value is JsonRecord => typeof value === "object" && value !== null && !Array.isArray(value);

export const stringField = (value: Json | undefined): string | null => (typeof value === "string" ? value : null);

/** The text of content: a string, or the `text` of its text blocks joined by newlines (other blocks skipped). */
export function contentText(content: Json | undefined): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.flatMap((block) => (isJsonRecord(block) && block.type === "text" && typeof block.text === "string" ? [block.text] : [])).join("\n");
}
