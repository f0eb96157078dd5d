// The Markdown bundle a store exports and imports: human-readable, and exact for any content (see src/memory/README.md, "Bundle format").
import { invalidRequest } from "../platform/errors";
import { parseOrThrow } from "../schemas/common";
import { MemorySnapshotEntry } from "../schemas/memory";

const BUNDLE_MARK = "<!-- lucid-memory-bundle v1 -->";
const HEADING = "## ";
const META_OPEN = "<!-- lucid-memory ";
const META_CLOSE = " -->";
const FENCE_INFO = "markdown";
const OPENING_FENCE = new RegExp("^(`{3,})" + FENCE_INFO + "$");
/** The metadata line holds the Lucid fields only; path and content have their own places. */
const BundleMetadata = MemorySnapshotEntry.omit({ path: true, content: true });

/** A fence one backtick longer than the longest run in the content (at least three), so it never occurs inside. */
export function fenceFor(content: string): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(Math.max(3, longest + 1));
}

/** Metadata as one JSON line inside an HTML comment; `<` and `>` are escaped so the comment cannot end early. */
function metadataLine(entry: MemorySnapshotEntry): string {
  const json = JSON.stringify({ author: entry.author, provenance: entry.provenance, last_confirmed_at: entry.last_confirmed_at });
  return META_OPEN + json.replaceAll("<", "\\u003c").replaceAll(">", "\\u003e") + META_CLOSE;
}

function renderEntry(entry: MemorySnapshotEntry): string {
  const fence = fenceFor(entry.content);
  return `\n${HEADING}${entry.path}\n${metadataLine(entry)}\n${fence}${FENCE_INFO}\n${entry.content}\n${fence}\n`;
}

/** The bundle of the given memories, in the order given (stores export in path order, so bundles are stable). */
export function renderBundle(entries: MemorySnapshotEntry[]): string {
  const count = `${entries.length} ${entries.length === 1 ? "memory" : "memories"}`;
  const header = [
    BUNDLE_MARK,
    "# Lucid memory bundle",
    "",
    `${count}. Each is a \`${HEADING.trim()} <path>\` heading, a \`${META_OPEN.trim()} {…} -->\` line with its Lucid metadata,`,
    "and its exact content between two fence lines of backticks longer than any run of backticks inside it.",
  ].join("\n");
  return header + "\n" + entries.map(renderEntry).join("");
}

/** Reads a bundle back into entries; anything that is not exactly the format is refused with the line at fault. */
export function parseBundle(text: string): MemorySnapshotEntry[] {
  if (!text.startsWith(BUNDLE_MARK + "\n")) throw bundleError(1, `a bundle starts with the line ${BUNDLE_MARK}`);
  const entries: MemorySnapshotEntry[] = [];
  let at = text.indexOf("\n" + HEADING);
  while (at >= 0) {
    const { entry, end } = parseEntry(text, at + 1);
    entries.push(entry);
    at = nextHeading(text, end);
  }
  return entries;
}

/** The offset of the "\n" before the next heading, past blank lines; -1 at the end; anything else is an error. */
function nextHeading(text: string, from: number): number {
  let at = from;
  while (text[at] === "\n") at++;
  if (at >= text.length) return -1;
  if (!text.startsWith(HEADING, at)) throw bundleError(lineAt(text, at), `expected a '${HEADING.trim()} <path>' heading or the end of the bundle`);
  return at - 1;
}

function parseEntry(text: string, start: number): { entry: MemorySnapshotEntry; end: number } {
  const heading = readLine(text, start);
  const meta = readLine(text, heading.next);
  const opening = readLine(text, meta.next);
  const path = heading.line.slice(HEADING.length);
  if (!meta.line.startsWith(META_OPEN) || !meta.line.endsWith(META_CLOSE)) {
    throw bundleError(lineAt(text, heading.next), `expected the ${META_OPEN.trim()} {…} --> metadata line of ${path}`);
  }
  const fence = OPENING_FENCE.exec(opening.line)?.[1];
  if (!fence) throw bundleError(lineAt(text, meta.next), `expected an opening fence such as \`\`\`${FENCE_INFO} for ${path}`);
  const close = text.indexOf("\n" + fence, opening.next - 1);
  const closeEnd = close + 1 + fence.length;
  if (close < 0 || (closeEnd < text.length && text[closeEnd] !== "\n")) {
    throw bundleError(lineAt(text, opening.next), `the content of ${path} has no closing ${fence} line`);
  }
  const content = text.slice(opening.next, Math.max(close, opening.next));
  const metadata = parseOrThrow(BundleMetadata, parseMetadata(meta.line, path), `metadata of ${path} in the bundle`);
  const entry = parseOrThrow(MemorySnapshotEntry, { path, content, ...metadata }, `bundle entry ${path}`);
  return { entry, end: Math.min(closeEnd + 1, text.length) };
}

function parseMetadata(line: string, path: string): object {
  try {
    const parsed: unknown = JSON.parse(line.slice(META_OPEN.length, -META_CLOSE.length));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed;
  } catch {
    // reported below
  }
  throw invalidRequest(`Invalid bundle: the metadata of ${path} is not a JSON object.`);
}

function readLine(text: string, start: number): { line: string; next: number } {
  const end = text.indexOf("\n", start);
  return end < 0 ? { line: text.slice(start), next: text.length } : { line: text.slice(start, end), next: end + 1 };
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}

function bundleError(line: number, message: string) {
  return invalidRequest(`Invalid bundle at line ${line}: ${message}.`);
}
