// The dashboard (and the CLI) show names, titles and descriptions through one helper: characters that would hide or
// reorder text appear as visible escapes, and everything else is left exactly as it is.
import { describe, expect, it } from "vitest";
import { visibleText } from "../../client/visible-text";

describe("visibleText", () => {
  it("shows C0 and C1 controls, DEL and the bidirectional formatting characters as \\u{…}", () => {
    expect(visibleText("Evil\u001b[2J")).toBe("Evil\\u{1b}[2J");
    expect(visibleText("nul\u0000 bel\u0007 del\u007f csi\u009b")).toBe("nul\\u{0} bel\\u{7} del\\u{7f} csi\\u{9b}");
    expect(visibleText("invoice\u202efdp.exe")).toBe("invoice\\u{202e}fdp.exe");
    expect(visibleText("\u200e\u200f\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069")).toBe(
      "\\u{200e}\\u{200f}\\u{202a}\\u{202b}\\u{202c}\\u{202d}\\u{2066}\\u{2067}\\u{2068}\\u{2069}",
    );
  });

  it("escapes line breaks and tabs in a one-line label, and keeps them in text shown over lines", () => {
    expect(visibleText("a\nb\tc\r\nd")).toBe("a\\u{a}b\\u{9}c\\u{d}\\u{a}d");
    expect(visibleText("a\nb\tc\r\nd\re", { lines: true })).toBe("a\nb\tc\r\nd\\u{d}e");
  });

  it("leaves ordinary text alone, right-to-left scripts and emoji included", () => {
    for (const text of ["Contracts agent", "عقد الإيجار", "שלום", "Überprüfung ✓ 😀", ""]) expect(visibleText(text)).toBe(text);
    expect(visibleText(visibleText("x\u001by"))).toBe(visibleText("x\u001by"));
  });
});
