// Deterministic guards on the operations curation proposes: what they refuse, flag or hold for review, each with the reason, as a changeset.
import type { ContradictionFlag, DreamChangeset, DreamOperation, MemoryEntry, RefusedOperation } from "../schemas/dream";
import { MemoryPath } from "../schemas/memory";
import { archivePathOf } from "./apply-changeset";
import { truncateText } from "../transcript/bounded-text";
import { sha256Hex } from "../sha256";
import { characterShingles, jaccard } from "./text-similarity";
import { isQuarantinedPath, QUARANTINE_FOLDER } from "../memory/quarantine";

/**
 * Jaccard over character 5-shingles: memories are paragraphs, where 0.9 means the same text give or take a few
 * words, so a refusal at this bar is almost never a distinct memory. Anything looser is the model's call.
 */
export const NEAR_DUPLICATE_CONTENT = 0.9;
/** Below this many characters a few shared words dominate any lexical measure, so short contents are left to the model. */
export const SHORT_CONTENT = 60;
export const DEFAULT_REVIEW_THRESHOLD = 0.25;
const EXCERPT = 160;

export interface GuardOptions {
  /** Names the archive paths superseded memories move to (see archivePathOf). */
  dreamId: string;
  /** The sessions the dream read: evidence must come from these. */
  windowSessionIds: readonly string[];
  maxMemories: number;
  maxTotalBytes: number;
  /** The share of the store a changeset may remove before it is held for review. */
  reviewThreshold?: number;
}

/** A memory of the store as the guards track it while operations are taken in turn. */
interface Slot {
  content: string;
  sha: string;
  bytes: number;
  /** Written by a person, or an update or merge of such a memory: removing it needs review however it got its current content. */
  personWritten: boolean;
  archived: boolean;
  /** The accepted operation that wrote it, if any. */
  writtenBy?: string;
  shingles?: Set<string>;
}

type State = Map<string, Slot>;

/**
 * Takes operations in order against the store as the earlier accepted ones left it: an operation is refused for the
 * first problem found (missing or taken paths, evidence, duplicates, budget); an accepted one may still flag a
 * contradiction or hold the changeset for review.
 */
export async function guardOperations(operations: readonly DreamOperation[], memories: readonly MemoryEntry[], options: GuardOptions): Promise<DreamChangeset> {
  const encoder = new TextEncoder();
  let state: State = new Map(
    memories.map((memory) => [
      memory.path,
      {
        content: memory.content,
        sha: memory.content_sha256,
        bytes: encoder.encode(memory.content).byteLength,
        personWritten: memory.author.type === "person",
        archived: memory.superseded_by !== undefined,
      },
    ]),
  );
  const window = new Set(options.windowSessionIds);
  const accepted: DreamOperation[] = [];
  const refused: RefusedOperation[] = [];
  const flags: ContradictionFlag[] = [];
  const reviewReasons: string[] = [];
  const original = new Set(memories.map((memory) => memory.path));
  const removed = new Set<string>();
  for (const operation of operations) {
    const sha = operation.content === undefined ? undefined : await sha256Hex(operation.content);
    const next = new Map(state);
    const why =
      structuralProblem(operation, state, options.dreamId) ??
      evidenceProblem(operation, window) ??
      (sha === undefined ? null : duplicateProblem(operation, sha, state)) ??
      budgetProblem(state, simulate(next, operation, sha, options.dreamId), options);
    if (why) {
      refused.push({ operation, why });
      continue;
    }
    reviewReasons.push(...personRemovals(operation, state));
    flags.push(...contradictions(operation, state));
    for (const path of removedBy(operation)) if (original.has(path)) removed.add(path);
    accepted.push(operation);
    state = next;
  }
  const threshold = options.reviewThreshold ?? DEFAULT_REVIEW_THRESHOLD;
  if (memories.length > 0 && removed.size / memories.length > threshold) {
    const share = Math.round((removed.size / memories.length) * 100);
    reviewReasons.push(
      `the changeset removes ${removed.size} of ${memories.length} memories (${share}%), more than ${Math.round(threshold * 100)}% of the store`,
    );
  }
  return { operations: accepted, refused, flags, requires_review: reviewReasons.length > 0, review_reasons: reviewReasons };
}

const targetsOf = (operation: DreamOperation) => operation.target_paths ?? [];
const overlaps = (a: string, b: string) => a.startsWith(`${b}/`) || b.startsWith(`${a}/`);

/** Paths the operation needs must hold memories; the path it writes must be free or be one it replaces. */
function structuralProblem(operation: DreamOperation, state: State, dreamId: string): string | null {
  const targets = targetsOf(operation);
  const held = [operation.path, ...targets].find(isQuarantinedPath);
  if (held) return `${held} is in the ${QUARANTINE_FOLDER} folder: a person approves or deletes what waits there, a dream never touches it`;
  const needed = [...(operation.op === "update" || operation.op === "delete" ? [operation.path] : []), ...targets];
  const missing = needed.find((path) => !state.has(path));
  if (missing) return `no memory exists at ${missing}`;
  if (operation.op === "create" && state.has(operation.path)) return `a memory already exists at ${operation.path}; an update would change it`;
  if (operation.op === "supersede" && state.has(operation.path) && !targets.includes(operation.path)) {
    return `${operation.path} holds a memory that target_paths does not list`;
  }
  const replaced = new Set(operation.op === "create" ? [] : [operation.path, ...targets]);
  const clash = [...state.keys()].find((path) => !replaced.has(path) && overlaps(path, operation.path));
  if (clash) return `${operation.path} overlaps ${clash}: one path would be a folder of the other`;
  return operation.op === "supersede" ? archiveProblem(operation, state, dreamId) : null;
}

function archiveProblem(operation: DreamOperation, state: State, dreamId: string): string | null {
  for (const target of targetsOf(operation)) {
    if (state.get(target)?.archived) return `${target} is already superseded`;
    const archivePath = archivePathOf(target, dreamId);
    const invalid = MemoryPath.safeParse(archivePath).error?.issues[0]?.message;
    if (invalid) return `${target} cannot be archived at ${archivePath}: the path ${invalid}`;
    if (state.has(archivePath)) return `${target} cannot be archived: ${archivePath} is taken`;
  }
  return null;
}

const WRITES_CONTENT = new Set<DreamOperation["op"]>(["create", "update", "merge", "supersede"]);

function evidenceProblem(operation: DreamOperation, window: ReadonlySet<string>): string | null {
  if (WRITES_CONTENT.has(operation.op) && operation.evidence.length === 0) return `a ${operation.op} needs evidence, and this one cites no session`;
  const outside = operation.evidence.find((evidence) => !window.has(evidence.session_id));
  return outside ? `cites session ${outside.session_id}, which is outside this dream's window` : null;
}

/** The same content as another memory (by hash), then nearly the same (by shingles); what the operation replaces does not count. */
function duplicateProblem(operation: DreamOperation, sha: string, state: State): string | null {
  const replaced = new Set(operation.op === "create" ? [] : [operation.path, ...targetsOf(operation)]);
  const others = [...state].filter(([path]) => !replaced.has(path));
  const exact = others.find(([, slot]) => slot.sha === sha);
  if (exact) return `exact duplicate of ${describeSlot(exact)}: the content_sha256 is the same`;
  const content = operation.content ?? "";
  if (content.length < SHORT_CONTENT) return null;
  const shingles = characterShingles(content);
  for (const entry of others) {
    const [, slot] = entry;
    if (slot.content.length < SHORT_CONTENT) continue;
    slot.shingles ??= characterShingles(slot.content);
    const similarity = jaccard(shingles, slot.shingles);
    if (similarity >= NEAR_DUPLICATE_CONTENT) {
      return `near-duplicate of ${describeSlot(entry)}: similarity ${similarity.toFixed(2)} ≥ ${NEAR_DUPLICATE_CONTENT} (Jaccard over character 5-shingles)`;
    }
  }
  return null;
}

const describeSlot = ([path, slot]: [string, Slot]) => (slot.writtenBy ? `${path}, which ${slot.writtenBy} writes` : path);

function budgetProblem(before: State, after: State, options: GuardOptions): string | null {
  if (after.size > options.maxMemories && after.size > before.size) {
    return `would make the store ${after.size} memories, over its budget of ${options.maxMemories}`;
  }
  const bytesBefore = totalBytes(before);
  const bytesAfter = totalBytes(after);
  if (bytesAfter > options.maxTotalBytes && bytesAfter > bytesBefore) {
    return `would make the store ${bytesAfter} bytes, over its budget of ${options.maxTotalBytes} bytes`;
  }
  return null;
}

const totalBytes = (state: State) => [...state.values()].reduce((sum, slot) => sum + slot.bytes, 0);

/** Applies the operation to the tracked state (as applyChangeset will to the memories) and returns it. */
function simulate(state: State, operation: DreamOperation, sha: string | undefined, dreamId: string): State {
  const content = operation.content ?? "";
  const rewritten = operation.op === "update" || operation.op === "merge" ? [operation.path, ...targetsOf(operation)] : [];
  const personWritten = rewritten.some((path) => state.get(path)?.personWritten);
  const slot: Slot = { content, sha: sha ?? "", bytes: new TextEncoder().encode(content).byteLength, personWritten, archived: false, writtenBy: operation.id };
  if (operation.op === "delete") state.delete(operation.path);
  if (operation.op === "merge") for (const target of targetsOf(operation)) state.delete(target);
  if (operation.op === "supersede") {
    for (const target of targetsOf(operation)) {
      const old = state.get(target);
      state.delete(target);
      if (old) state.set(archivePathOf(target, dreamId), { ...old, archived: true });
    }
  }
  if (operation.op !== "delete") state.set(operation.path, slot);
  return state;
}

/** The memories an accepted operation takes out of the live store: deleted, superseded, or merged away. */
function removedBy(operation: DreamOperation): string[] {
  if (operation.op === "delete") return [operation.path];
  if (operation.op === "supersede") return targetsOf(operation);
  if (operation.op === "merge") return targetsOf(operation).filter((path) => path !== operation.path);
  return [];
}

function personRemovals(operation: DreamOperation, state: State): string[] {
  const touched = operation.op === "merge" ? [operation.path, ...targetsOf(operation)] : removedBy(operation);
  return [...new Set(touched)]
    .filter((path) => state.get(path)?.personWritten)
    .map((path) => `${operation.id} (${operation.op}) would remove ${path}, which a person wrote`);
}

/** A supersede contradicts each memory it replaces; any operation may name one it contradicts. Each flag quotes both sides. */
function contradictions(operation: DreamOperation, state: State): ContradictionFlag[] {
  const sides = [...(operation.op === "supersede" ? targetsOf(operation) : []), ...(operation.contradicts ? [operation.contradicts] : [])];
  const newSide = operation.content === undefined ? "(removed)" : quote(operation.content);
  return [...new Set(sides)].map((path) => {
    const old = state.get(path);
    const oldSide = old ? quote(old.content) : "(no memory at this path)";
    return {
      type: "contradiction",
      operation_id: operation.id,
      paths: [operation.path, path],
      detail: `${operation.id} (${operation.op}) at ${operation.path} says ${newSide}; ${path} says ${oldSide}. Reason given: ${operation.reason}`,
    };
  });
}

const quote = (content: string) => JSON.stringify(truncateText(content.replace(/\s+/g, " ").trim(), EXCERPT));
