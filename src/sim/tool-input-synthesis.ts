// Builds a deterministic tool input from a tool's input_schema and the user's text, for the simulator's default tool calls.
import type { InputSchema } from "./request-schema";

type PropertySchema = NonNullable<InputSchema["properties"]>[string];

/**
 * One value per required property, of the property's JSON type, and the optional properties the text states
 * (`command: "ls -la"` for bash, whose every property is optional).
 */
export function synthesiseToolInput(schema: InputSchema, userText: string): Record<string, unknown> {
  const properties = schema.properties ?? {};
  const required = schema.required ?? [];
  const stated = Object.keys(properties).filter(
    (name) => !required.includes(name) && jsonTypeOf(properties[name]) === "string" && valueStatedFor(name, userText) !== undefined,
  );
  return Object.fromEntries([...required, ...stated].map((name) => [name, valueFor(name, properties[name], userText)]));
}

function valueFor(name: string, property: PropertySchema | undefined, userText: string): unknown {
  const stated = valueStatedFor(name, userText);
  if (property?.enum?.length) return property.enum.includes(stated) ? stated : property.enum[0];
  switch (jsonTypeOf(property)) {
    case "number":
    case "integer":
      return 1;
    case "boolean":
      return true;
    case "array":
      return [];
    case "object":
      return {};
    case "null":
      return null;
    default:
      return stated ?? "example";
  }
}

/** The first non-null type of a property (`["string", "null"]` is a string); none given is treated as a string. */
function jsonTypeOf(property: PropertySchema | undefined): string {
  const types = typeof property?.type === "string" ? [property.type] : (property?.type ?? []);
  return types.find((type) => type !== "null") ?? types[0] ?? "string";
}

/** `name: value` or `name=value` in the text: a double-quoted value whole, else the next word without trailing punctuation. */
function valueStatedFor(name: string, text: string): string | undefined {
  const pattern = new RegExp(`(?<![\\w-])${escapeRegExp(name)}\\s*[:=]\\s*(?:"([^"]*)"|(\\S+))`, "i");
  const match = pattern.exec(text);
  if (!match) return undefined;
  return match[1] ?? match[2]?.replace(/[.,;:!?)]+$/, "");
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
