import { describe, expect, it } from "vitest";
import { rubricCriteria } from "../../src/outcomes/rubric-criteria";

describe("rubric criteria", () => {
  it("are the rubric's bulleted or numbered items", () => {
    expect(rubricCriteria("Grade strictly.\n- Names the parties\n* Has a date\n• Is signed\n1. Under one page\n2) In English\nNot a criterion")).toEqual([
      "Names the parties",
      "Has a date",
      "Is signed",
      "Under one page",
      "In English",
    ]);
  });

  it("are the whole rubric when it has no list", () => {
    expect(rubricCriteria("  The summary is accurate and short.  ")).toEqual(["The summary is accurate and short."]);
  });
});
