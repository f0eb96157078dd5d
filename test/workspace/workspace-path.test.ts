import { describe, expect, it } from "vitest";
import { globMatcher } from "../../src/workspace/file-search";
import { replaceExact } from "../../src/workspace/text-edit";
import { normalizeWorkspaceFolder, normalizeWorkspacePath } from "../../src/workspace/workspace-path";

describe("workspace paths", () => {
  it("roots relative paths at / and resolves . and .. that stay inside", () => {
    expect(normalizeWorkspacePath("notes/plan.md")).toEqual({ ok: true, path: "/notes/plan.md" });
    expect(normalizeWorkspacePath("//a/./b/../c.md")).toEqual({ ok: true, path: "/a/c.md" });
    expect(normalizeWorkspaceFolder("docs")).toEqual({ ok: true, path: "/docs/" });
    expect(normalizeWorkspaceFolder(undefined)).toEqual({ ok: true, path: "/" });
  });

  it("refuses escapes, control characters, folders and paths beyond the bounds", () => {
    for (const raw of ["../x", "/a/../../x", "a\u0000b", "a\nb", "/", "/docs/", "/docs/..", `/${"s".repeat(256)}`, "/a".repeat(33), "x".repeat(1_025)]) {
      expect(normalizeWorkspacePath(raw).ok, JSON.stringify(raw.slice(0, 20))).toBe(false);
    }
  });
});

describe("exact replacement", () => {
  it("replaces a unique occurrence literally, and every occurrence only when asked", () => {
    expect(replaceExact("a $1 b", "$1", "$&x", false)).toEqual({ ok: true, content: "a $&x b", replacements: 1 });
    expect(replaceExact("x x", "x", "y", false)).toMatchObject({ ok: false, reason: expect.stringMatching(/occurs 2 times/) });
    expect(replaceExact("x x", "x", "y", true)).toEqual({ ok: true, content: "y y", replacements: 2 });
    expect(replaceExact("x", "z", "y", false)).toMatchObject({ ok: false });
  });
});

describe("glob matching", () => {
  it("matches doublestar patterns relative to the folder, or from the root when absolute", () => {
    const underDocs = globMatcher("**/*.md", "/docs/");
    expect(underDocs("/docs/a.md")).toBe(true);
    expect(underDocs("/docs/deep/.hidden.md")).toBe(true);
    expect(underDocs("/docs/a.txt")).toBe(false);
    expect(globMatcher("/docs/*.md", "/")("/docs/a.md")).toBe(true);
    expect(globMatcher("*.md", "/")("/docs/a.md")).toBe(false);
  });
});
