// Memory paths: the API's rules for a valid path or listing prefix, and the paths a path could overlap with.
import { isWellFormedText } from "./well-formed-text";

const MAX_PATH_BYTES = 1024;
const MAX_SEGMENTS = 20;
/** Control and format characters, and the line and paragraph separators, which the API forbids in paths. */
const FORBIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** What is wrong with a memory path, or null when it is valid. The server never rewrites a path, it only refuses. */
export function memoryPathProblem(path: string): string | null {
  if (!path.startsWith("/")) return "must start with '/'";
  if (new TextEncoder().encode(path).byteLength > MAX_PATH_BYTES) return `must be at most ${MAX_PATH_BYTES} bytes long`;
  if (FORBIDDEN.test(path)) return "must not contain control or format characters";
  if (!isWellFormedText(path)) return "must be well-formed Unicode (it holds a lone UTF-16 surrogate)";
  if (path.normalize("NFC") !== path) return "must be in Unicode Normalization Form C";
  const segments = path.slice(1).split("/");
  if (segments.length > MAX_SEGMENTS) return `must have at most ${MAX_SEGMENTS} segments`;
  if (segments.some((segment) => segment === "")) return "must not have empty segments (no '//' and no trailing '/')";
  if (segments.some((segment) => segment === "." || segment === "..")) return "must not have '.' or '..' segments";
  return null;
}

/** What is wrong with a listing prefix, or null: a prefix is a folder, so it is "/" or a valid path followed by "/". */
export function pathPrefixProblem(prefix: string): string | null {
  if (prefix === "/") return null;
  if (!prefix.endsWith("/")) return "must end with '/'";
  return memoryPathProblem(prefix.slice(0, -1));
}

/** The folders a path lives in, nearest last: "/a/b/c" has "/a" and "/a/b". */
export function ancestorPaths(path: string): string[] {
  const segments = path.slice(1).split("/");
  return segments.slice(0, -1).map((_, index) => "/" + segments.slice(0, index + 1).join("/"));
}

/**
 * The half-open range of paths below a folder, in byte order: every path that starts with `folder` sorts
 * at or after it and before the same string with its final "/" bumped to "0", the next byte.
 */
export function folderRange(folder: string): { from: string; to: string } {
  return { from: folder, to: folder.slice(0, -1) + "0" };
}
