// Glob and grep over workspace paths and text in slices of bounded cost: each slice spends at most its allowance of
// steps (see MAX_SEARCH_STEPS) and says where the next one goes on, so no call holds the workspace for long and the
// step running the tool can stop between slices when the session is interrupted.
import { MAX_GREP_LINE_BYTES, SEARCH_SLICE_STEPS } from "../schemas/limits";
import { compileGlobPattern, type SearchPattern } from "./search-pattern";

/** Matches workspace paths; `steps` is what matching one costs. */
export interface PathMatcher {
  (path: string): boolean;
  steps(path: string): number;
}

/**
 * Matches workspace paths against a doublestar pattern taken relative to `folder` (ending in `/`), or from the
 * workspace root when the pattern starts with `/`. Dot files match like any other.
 */
export function globMatcher(pattern: string, folder: string, field = "pattern"): PathMatcher {
  const absolute = pattern.startsWith("/");
  const { regex, stepsPerByte } = compileGlobPattern(absolute ? pattern.slice(1) : pattern, field);
  const relative = (path: string) => (absolute ? path.slice(1) : path.slice(folder.length));
  return Object.assign((path: string) => regex.matches(relative(path)), { steps: (path: string) => (relative(path).length + 1) * stepsPerByte });
}

export interface GlobSlice {
  paths: { path: string; version: number }[];
  /** The last path this slice checked, to go on after; null when every path was checked. */
  next: string | null;
  steps: number;
}

/** The paths of `files` (in path order) that `matches` accepts, until `allowance` steps are spent. */
export function globSlice(files: readonly { path: string; version: number }[], matches: PathMatcher, allowance: number): GlobSlice {
  const paths: GlobSlice["paths"] = [];
  let steps = 0;
  for (const [index, file] of files.entries()) {
    if (steps >= allowance && index > 0) return { paths, next: files[index - 1]!.path, steps };
    steps += matches.steps(file.path);
    if (matches(file.path)) paths.push({ path: file.path, version: file.version });
  }
  return { paths, next: null, steps };
}

export interface GrepQuery {
  pattern: string;
  /** The folder searched; the workspace root by default. */
  path?: string;
  /** Only files whose path matches this glob. */
  glob?: string;
}

export interface GrepMatch {
  path: string;
  line: number;
  text: string;
}

/** Where a grep goes on: inside `path` at a line start of the content it was searching (`seq`), or after `path`. */
export interface GrepCursor {
  path: string;
  within: { seq: number; chunk: number; offset: number; line: number } | null;
}

export interface GrepSlice {
  matches: GrepMatch[];
  /** Where the next slice starts; null when every file was searched. */
  next: GrepCursor | null;
  steps: number;
  /** Lines longer than the bytes searched of each line, searched only in their beginning. */
  cut_lines: number;
  /** The bytes searched of each line with this pattern. */
  line_bytes: number;
}

export interface SearchedFile {
  path: string;
  seq: number;
  is_text: number;
}

/** A file's content as chunks, from chunk `first` on. */
export type ReadChunks = (file: SearchedFile, first: number) => Iterable<Uint8Array>;

const MAX_LINE_CHARS = 300;
const NEWLINE = 10;

/**
 * Lines of the text files of `files` (in path order) the pattern matches, from the cursor on, until `allowance`
 * steps are spent or `allowance.matches` lines matched. A long line is searched in its first `line_bytes` bytes, so
 * that the cost of one line, which runs without a pause, stays within one slice.
 */
export function grepSlice(
  files: readonly SearchedFile[],
  pattern: SearchPattern,
  inGlob: PathMatcher | null,
  from: GrepCursor | null,
  allowance: { steps: number; matches: number },
  readChunks: ReadChunks,
): GrepSlice {
  const lineBytes = grepLineBytes(pattern);
  const slice: GrepSlice = { matches: [], next: null, steps: 0, cut_lines: 0, line_bytes: lineBytes };
  const spent = () => slice.steps >= allowance.steps || slice.matches.length >= allowance.matches;
  const admits = (file: SearchedFile) => {
    if (!file.is_text) return false;
    if (!inGlob) return true;
    slice.steps += inGlob.steps(file.path);
    return inGlob(file.path);
  };
  let previous: string | null = null;
  for (const file of files) {
    // A file the cursor stopped in was admitted by the slice before, unless its content changed since.
    const resumed = from?.within && from.path === file.path && from.within.seq === file.seq ? from.within : null;
    if (!resumed && spent() && previous !== null) return { ...slice, next: { path: previous, within: null } };
    previous = file.path;
    if (!resumed && !admits(file)) continue;
    let at = resumed ?? { chunk: 0, offset: 0, line: 1 };
    for (const line of linesFrom(readChunks(file, at.chunk), at.chunk, at.offset, lineBytes)) {
      if (spent()) return { ...slice, next: { path: file.path, within: { seq: file.seq, ...at } } };
      slice.steps += (line.head.length + 1) * pattern.stepsPerByte;
      if (line.bytes > line.head.length) slice.cut_lines++;
      if (pattern.regex.test(line.head)) slice.matches.push({ path: file.path, line: at.line, text: displayed(line.head) });
      at = { chunk: line.next.chunk, offset: line.next.offset, line: at.line + 1 };
    }
  }
  return slice;
}

/** The bytes of a line a grep searches: all of it up to MAX_GREP_LINE_BYTES, and no more than one slice's steps allow. */
export function grepLineBytes(pattern: SearchPattern): number {
  return Math.min(MAX_GREP_LINE_BYTES, Math.floor(SEARCH_SLICE_STEPS / pattern.stepsPerByte));
}

interface Line {
  /** The line's first bytes, without its newline. */
  head: Uint8Array;
  /** The line's whole length in bytes, without its newline. */
  bytes: number;
  /** Where the line after it starts. */
  next: { chunk: number; offset: number };
}

/** The lines of chunked content, from `offset` in chunk `first` (a line start); only `headBytes` of each are kept. */
function* linesFrom(chunks: Iterable<Uint8Array>, first: number, offset: number, headBytes: number): Generator<Line> {
  let parts: Uint8Array[] = [];
  let kept = 0;
  let bytes = 0;
  let chunk = first;
  for (const data of chunks) {
    let start = chunk === first ? offset : 0;
    for (;;) {
      const newline = data.indexOf(NEWLINE, start);
      const end = newline === -1 ? data.length : newline;
      bytes += end - start;
      if (kept < headBytes) {
        const piece = data.subarray(start, Math.min(end, start + headBytes - kept));
        parts.push(piece);
        kept += piece.length;
      }
      if (newline === -1) break;
      yield { head: joined(parts, kept), bytes, next: { chunk, offset: newline + 1 } };
      parts = [];
      kept = 0;
      bytes = 0;
      start = newline + 1;
    }
    chunk++;
  }
  if (bytes > 0) yield { head: joined(parts, kept), bytes, next: { chunk, offset: 0 } };
}

function joined(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A matching line as the tool shows it: decoded and cut to a readable length. */
function displayed(head: Uint8Array): string {
  const text = new TextDecoder().decode(head.subarray(0, MAX_LINE_CHARS * 4));
  return text.length > MAX_LINE_CHARS || head.length > MAX_LINE_CHARS * 4 ? `${text.slice(0, MAX_LINE_CHARS)}…` : text;
}
