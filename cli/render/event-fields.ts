// Reading fields of transcript events, whose type-specific fields the schema types as JSON (src/schemas/session-event.ts).
import type { Json } from "../../src/schemas/common";

type Fields = { [key: string]: Json | undefined };

export function stringField(event: Fields, name: string): string | undefined {
  const value = event[name];
  return typeof value === "string" ? value : undefined;
}

export function numberField(event: Fields, name: string): number | undefined {
  const value = event[name];
  return typeof value === "number" ? value : undefined;
}

export function objectField(event: Fields, name: string): Fields | undefined {
  const value = event[name];
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined;
}

export function arrayField(event: Fields, name: string): Json[] {
  const value = event[name];
  return Array.isArray(value) ? value : [];
}

/** The text of an event's content blocks (`[{type: "text", text}]`), joined. */
export function contentText(event: Fields, name = "content"): string {
  return arrayField(event, name)
    .map((block) => (block !== null && typeof block === "object" && !Array.isArray(block) && typeof block.text === "string" ? block.text : ""))
    .join("");
}
