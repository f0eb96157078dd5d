// The quarantine folder: where memories at risk of poisoning wait for a person's review instead of entering the active store.
import { contentRiskOf, type PoisoningRisk } from "../safety/poisoning-risk";
import { memoryPathProblem } from "../schemas/memory-path";

/**
 * Like the superseded folder, loading, the memory tools and reflection skip it; a person sees it through the memory API
 * and approves a memory by moving it out (update with a new `path`) or rejects it by deleting it.
 */
export const QUARANTINE_FOLDER = "/quarantine";

export const isQuarantinedPath = (path: string) => path === QUARANTINE_FOLDER || path.startsWith(`${QUARANTINE_FOLDER}/`);

/**
 * `/quarantine<path>`, so a reviewer sees where the memory meant to go; a path already in quarantine stays. The same path
 * always maps to the same place (a retried write after a crash lands where the first did). A path too long or too deep
 * to take the prefix goes to `/quarantine/overlong-<hash of the path>` instead.
 */
export function quarantinePathOf(path: string): string {
  if (isQuarantinedPath(path)) return path;
  const prefixed = `${QUARANTINE_FOLDER}${path}`;
  return memoryPathProblem(prefixed) === null ? prefixed : `${QUARANTINE_FOLDER}/overlong-${fnv1a(path)}`;
}

export interface IncomingMemoryScreen {
  /** Null when the content may enter the active store. */
  risk: PoisoningRisk | null;
}

/**
 * The screen for memory content arriving from a source that is untrusted by definition: the agent's memory tools (its
 * input repeats what it read), an agent archive or a memory bundle. Content alone decides, since there is no evidence to
 * weigh: at risk when it shows any signal of src/safety/poisoning-risk.ts. Memories people write through the API are
 * not screened.
 */
export function screenIncomingMemory(content: string): IncomingMemoryScreen {
  return { risk: contentRiskOf(content) };
}

/**
 * A snapshot from an untrusted source (a bundle) as it may be written: each entry the screen finds risky moved under the
 * quarantine folder, and how many entries land there (those already under it included).
 */
export function quarantineRiskyEntries<Entry extends { path: string; content: string }>(entries: readonly Entry[]): { entries: Entry[]; quarantined: number } {
  const screened = entries.map((entry) => (screenIncomingMemory(entry.content).risk ? { ...entry, path: quarantinePathOf(entry.path) } : entry));
  return { entries: screened, quarantined: screened.filter((entry) => isQuarantinedPath(entry.path)).length };
}

/** 32-bit FNV-1a in hex: a short, stable name for a path, not a security boundary. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}
