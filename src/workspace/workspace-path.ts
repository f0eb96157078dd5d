// Normalises the paths agents and people give into workspace paths: `/`-rooted, no `..` above the root, bounded.
import { MAX_PATH_DEPTH, MAX_PATH_LENGTH, MAX_PATH_SEGMENT_LENGTH } from "./workspace-limits";

export type PathResult = { ok: true; path: string } | { ok: false; problem: string };

/**
 * Relative paths are taken from the root (the workspace's working directory is `/`); `.` and `..` are resolved, and
 * a `..` that would climb above the root is refused rather than clamped, so a path never means something else.
 */
export function normalizeWorkspacePath(raw: string): PathResult {
  const folder = normalizeSegments(raw);
  if (!folder.ok) return folder;
  if (folder.path === "/") return { ok: false, problem: `'${raw}' names the workspace root, not a file` };
  if (/\/\.{0,2}$/.test(raw)) return { ok: false, problem: `'${raw}' names a folder, not a file` };
  return folder;
}

/** A folder to list or search under: the root when empty; the result ends with `/`. */
export function normalizeWorkspaceFolder(raw: string | undefined): PathResult {
  if (raw === undefined || raw === "" || raw === "/") return { ok: true, path: "/" };
  const folder = normalizeSegments(raw);
  if (!folder.ok) return folder;
  return { ok: true, path: folder.path === "/" ? "/" : `${folder.path}/` };
}

function normalizeSegments(raw: string): PathResult {
  if (raw.length > MAX_PATH_LENGTH) return { ok: false, problem: `paths are at most ${MAX_PATH_LENGTH} characters` };
  if (/[\u0000-\u001f\u007f]/.test(raw)) return { ok: false, problem: "paths may not contain NUL or other control characters" };
  const segments: string[] = [];
  for (const segment of raw.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) return { ok: false, problem: `'${raw}' climbs above the workspace root` };
      segments.pop();
      continue;
    }
    if (segment.length > MAX_PATH_SEGMENT_LENGTH) return { ok: false, problem: `path segments are at most ${MAX_PATH_SEGMENT_LENGTH} characters` };
    segments.push(segment);
  }
  if (segments.length > MAX_PATH_DEPTH) return { ok: false, problem: `paths are at most ${MAX_PATH_DEPTH} folders deep` };
  return { ok: true, path: `/${segments.join("/")}` };
}
