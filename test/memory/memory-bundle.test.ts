import { describe, expect, it } from "vitest";
import { fenceFor, parseBundle, renderBundle } from "../../src/memory/memory-bundle";
import type { MemorySnapshotEntry } from "../../src/schemas/memory";

const entry = (path: string, content: string, extra: Partial<MemorySnapshotEntry> = {}): MemorySnapshotEntry => ({
  path,
  content,
  author: { type: "person" },
  provenance: [],
  last_confirmed_at: "2026-11-25T10:00:00.000Z",
  ...extra,
});

describe("memory bundles", () => {
  it("chooses a fence longer than any run of backticks in the content", () => {
    expect(fenceFor("plain")).toBe("```");
    expect(fenceFor("has ``` inside")).toBe("````");
    expect(fenceFor("``````")).toBe("```````");
  });

  it("parses back exactly what it rendered, whatever the content", () => {
    const entries = [
      entry("/empty.md", ""),
      entry("/newline.md", "\n"),
      entry("/no-newline.md", "end"),
      entry("/fake-entry.md", "x\n```\n\n## /injected.md\n<!-- lucid-memory {} -->\n```markdown\ny\n```\n"),
      entry("/fence-at-end.md", "ends with backticks ``"),
      entry("/comment.md", "<!-- lucid-memory-bundle v1 -->\n-->", {
        author: { type: "session", id: "sesn_<x>" },
        provenance: [{ session_id: "sesn_-->", event_ids: ["<!--"] }],
        last_confirmed_at: null,
      }),
      entry("/crlf.md", "a\r\nb\r"),
    ];
    const bundle = renderBundle(entries);
    expect(parseBundle(bundle)).toEqual(entries);
    expect(bundle).not.toContain("sesn_-->");
    expect(renderBundle(parseBundle(bundle))).toBe(bundle);
  });

  it("renders an empty store as a header alone", () => {
    const bundle = renderBundle([]);
    expect(bundle).toMatch(/^<!-- lucid-memory-bundle v1 -->\n# Lucid memory bundle\n\n0 memories\./);
    expect(parseBundle(bundle)).toEqual([]);
  });

  it("refuses text that is not exactly the format, naming the line", () => {
    const good = renderBundle([entry("/a.md", "a")]);
    expect(() => parseBundle("# notes\n")).toThrow(/line 1/);
    expect(() => parseBundle(good.replace("\n<!-- lucid-memory {", "\n<!-- other {"))).toThrow(/metadata line/);
    expect(() => parseBundle(good.replace("```markdown", "```md"))).toThrow(/opening fence/);
    expect(() => parseBundle(good.replace(/```\n$/, ""))).toThrow(/no closing/);
    expect(() => parseBundle(good + "stray\n")).toThrow(/heading or the end/);
    expect(() => parseBundle(good.replace('"author":{"type":"person"}', '"author":{"type":"robot"}'))).toThrow(/author/);
    expect(() => parseBundle(good.replace('{"author"', '{"path":"/elsewhere.md","author"'))).toThrow(/path: unknown field/);
  });
});
