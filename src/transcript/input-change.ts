// Describes what changed between two tool inputs (the call that failed and the one that worked), so a workaround can say what fixed it.
import type { Json } from "../schemas/common";
import { truncateText } from "./bounded-text";

const VALUE_LIMIT = 80;
const MAX_CHANGES = 10;
/** Nested objects are compared key by key to this depth; deeper values, and arrays, compare whole. */
const MAX_DEPTH = 4;

/** One line per changed key (`key: before → after`, `key: added …`, `key: removed (was …)`), dotted for nested keys. */
export function describeInputChange(before: Json, after: Json): string[] {
  const old = flatten(before);
  const now = flatten(after);
  const keys = [...new Set([...old.keys(), ...now.keys()])];
  const changes = keys.flatMap((key) => {
    const was = old.get(key);
    const is = now.get(key);
    if (was === is) return [];
    if (is === undefined) return [`${key}: removed (was ${was})`];
    if (was === undefined) return [`${key}: added ${is}`];
    return [`${key}: ${was} → ${is}`];
  });
  return changes.length > MAX_CHANGES ? [...changes.slice(0, MAX_CHANGES), `and ${changes.length - MAX_CHANGES} more keys`] : changes;
}

/** Dotted key → the value's JSON, shortened. */
function flatten(value: Json, prefix = "", depth = 0, into = new Map<string, string>()): Map<string, string> {
  if (isRecord(value) && depth < MAX_DEPTH) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, depth + 1, into);
    return into;
  }
  into.set(prefix || "input", truncateText(JSON.stringify(value), VALUE_LIMIT));
  return into;
}

const isRecord = (value: Json): value is { [key: string]: Json } => typeof value === "object" && value !== null && !Array.isArray(value);
