import { describe, expect, it } from "vitest";
import builtInWorld from "../../bench/learning/back-office-world.json";
import { TaskWorld } from "../../bench/learning/task-file";
import { taskStream } from "../../bench/learning/task-stream";
import { runWorldTool } from "../../bench/learning/world-tools";

const world = TaskWorld.parse(builtInWorld);
const beforeDrift = (tool: string, input: Record<string, unknown>) => runWorldTool(world, tool, input, false);
const afterDrift = (tool: string, input: Record<string, unknown>) => runWorldTool(world, tool, input, true);

describe("the back-office world's tools", () => {
  it("reject a DOCX export until it is converted first, and accept other files as they are", () => {
    expect(beforeDrift("export_pdf", { file: "lease.docx" })).toEqual({ ok: false, text: "Unsupported input format 'docx' (code 415)." });
    expect(beforeDrift("export_pdf", { file: "lease.docx", engine: "libre" }).ok).toBe(false);
    expect(beforeDrift("export_pdf", { file: "lease.docx", convert_first: true })).toEqual({ ok: true, text: "Wrote lease.docx.pdf." });
    expect(beforeDrift("export_pdf", { file: "brief.md" }).ok).toBe(true);
  });

  it("refuse a filing date until dates are sent in ISO style", () => {
    expect(beforeDrift("file_form", { case_id: "C-1", filed_on: "12/03/2026" }).text).toMatch(/could not be parsed/);
    expect(beforeDrift("file_form", { case_id: "C-1", filed_on: "12/03/2026", date_style: "us" }).ok).toBe(false);
    expect(beforeDrift("file_form", { case_id: "C-1", filed_on: "12/03/2026", date_style: "iso" }).ok).toBe(true);
  });

  it("fail a large import unless it is batched, and take a small one whole", () => {
    expect(beforeDrift("import_records", { file: "a.csv", record_count: 500 }).text).toMatch(/too large/);
    expect(beforeDrift("import_records", { file: "a.csv", record_count: 500, batch_size: 250 }).ok).toBe(false);
    expect(beforeDrift("import_records", { file: "a.csv", record_count: 500, batch_size: 100 }).ok).toBe(true);
    expect(beforeDrift("import_records", { file: "a.csv", record_count: 80 }).ok).toBe(true);
  });

  it("have the client reject a letter that ignores how it wants letters signed", () => {
    expect(beforeDrift("send_letter", { client: "Acme", subject: "x", sign_off: "Kind regards" }).text).toMatch(/client rejected/);
    expect(beforeDrift("send_letter", { client: "Acme", subject: "x", sign_off: "The Acme Legal Team" }).ok).toBe(true);
  });

  it("refuse an archive with an error that names a policy, not the retention field that fixes it", () => {
    const refused = beforeDrift("archive_case", { case_id: "C-9" });
    expect(refused.ok).toBe(false);
    expect(refused.text).not.toMatch(/retention|7y/);
    expect(beforeDrift("archive_case", { case_id: "C-9", retention: "7y" }).ok).toBe(true);
  });

  it("refuse a call missing a required input or naming an unknown tool", () => {
    expect(beforeDrift("export_pdf", {}).text).toMatch(/Missing required input: file/);
    expect(beforeDrift("shred", {}).ok).toBe(false);
  });
});

describe("the drift switch", () => {
  it("makes the old PDF workaround fail with a new error, a different engine being the new way", () => {
    expect(afterDrift("export_pdf", { file: "lease.docx", convert_first: true })).toEqual({
      ok: false,
      text: expect.stringMatching(/Conversion service retired/),
    });
    expect(afterDrift("export_pdf", { file: "lease.docx" }).text).toMatch(/Unsupported input format/);
    expect(afterDrift("export_pdf", { file: "lease.docx", engine: "libre" }).ok).toBe(true);
    expect(afterDrift("export_pdf", { file: "lease.docx", convert_first: true, engine: "libre" }).ok).toBe(true);
  });

  it("leaves every other tool as it was", () => {
    const calls: [string, Record<string, unknown>][] = [
      ["file_form", { case_id: "C-1", filed_on: "x" }],
      ["file_form", { case_id: "C-1", filed_on: "x", date_style: "iso" }],
      ["import_records", { file: "a.csv", record_count: 500 }],
      ["send_letter", { client: "A", subject: "x" }],
      ["archive_case", { case_id: "C-9", retention: "7y" }],
    ];
    for (const [tool, input] of calls) expect(afterDrift(tool, input)).toEqual(beforeDrift(tool, input));
  });

  it("applies from the world's drift session on", () => {
    const tasks = taskStream(world);
    expect(tasks).toHaveLength(world.sessions);
    expect(tasks.findIndex((task) => task.drifted)).toBe(world.drift_at_session);
    expect(tasks.slice(world.drift_at_session ?? 0).every((task) => task.drifted)).toBe(true);
  });
});

describe("the task stream", () => {
  it("gives families turns, states inputs and budget in the task, and never the quirks", () => {
    const [first, second] = taskStream(world, 2);
    expect(first).toMatchObject({ family: "export-pdf", tool: "export_pdf", input: { file: "lease.docx" }, step_budget: 4 });
    expect(first!.text).toBe('Export lease.docx to PDF.\nUse the tool export_pdf with file: "lease.docx".\nStep budget: 4 tool calls.');
    expect(second).toMatchObject({ family: "file-form", step_budget: 6 });
    for (const task of taskStream(world)) expect(task.text).not.toMatch(/convert_first|engine|date_style|batch_size|sign_off|retention/);
  });
});
