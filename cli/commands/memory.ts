// `lucid memory list|search|show|edit|export|import`: an agent's (or any) memory store, as people read and curate it.
import type { Memory } from "../../src/schemas/memory";
import { positiveInteger, UsageError } from "../argv";
import type { Command, CommandContext } from "../command";
import { localFiles } from "../io";
import { lucidMemory } from "../../client/lucid-shapes";
import { oneLine, table } from "../output";
import { textOrFile } from "../text-source";
import { findMemory, resolveStoreId } from "./lookups";

const STORE_ARG = "<agent|store>";

function describeAuthor(memory: Memory): string {
  const { author } = memory.lucid;
  return author.id ? `${author.type} ${author.id}` : author.type;
}

const list: Command = {
  path: ["memory", "list"],
  args: [STORE_ARG],
  summary: "list the memories of an agent's store (or a store by id)",
  flags: { prefix: { type: "string", value: "<folder/>", description: "only memories below this folder, e.g. /preferences/" } },
  async run(context, args) {
    const storeId = await resolveStoreId(context, args.positionals[0]!);
    const memories: Memory[] = [];
    const prefix = args.string("prefix");
    for await (const item of context.anthropic.beta.memoryStores.memories.list(storeId, prefix ? { path_prefix: prefix } : {})) {
      if (item.type === "memory") memories.push(lucidMemory(item));
    }
    if (context.json) return (context.out.json({ memory_store_id: storeId, data: memories }), 0);
    if (!memories.length) return (context.out.line(`${storeId} holds no memories yet.`), 0);
    const rows = memories.map((memory) => [
      memory.path,
      String(memory.content_size_bytes),
      describeAuthor(memory),
      String(memory.lucid.support_count),
      memory.updated_at,
    ]);
    context.out.line(`${storeId}: ${memories.length} memor${memories.length === 1 ? "y" : "ies"}`);
    context.out.line(table(["PATH", "BYTES", "WRITTEN BY", "SUPPORT", "UPDATED"], rows));
    return 0;
  },
};

const search: Command = {
  path: ["memory", "search"],
  args: [STORE_ARG, "<query>"],
  summary: "full-text search of a store, best matches first",
  flags: { limit: { type: "string", value: "<n>", description: "at most this many results (default 10)" } },
  async run(context, args) {
    const storeId = await resolveStoreId(context, args.positionals[0]!);
    const limit = args.string("limit");
    const results = await context.lucid.memory.search(storeId, { q: args.positionals[1]!, ...(limit ? { limit: positiveInteger("limit", limit) } : {}) });
    if (context.json) return (context.out.json(results), 0);
    if (!results.data.length) return (context.out.line("No memory matches."), 0);
    for (const result of results.data) context.out.line(`${result.memory.path}  (score ${result.score.toPrecision(3)})\n  ${oneLine(result.snippet, 120)}`);
    return 0;
  },
};

const show: Command = {
  path: ["memory", "show"],
  args: [STORE_ARG, "<path|memory>"],
  summary: "print one memory with who wrote it and the sessions it rests on",
  flags: {},
  async run(context, args) {
    const storeId = await resolveStoreId(context, args.positionals[0]!);
    const memory = await findMemory(context.anthropic, storeId, args.positionals[1]!);
    if (!memory) throw new Error(`${storeId} has no memory at ${args.positionals[1]}`);
    if (context.json) return (context.out.json(memory), 0);
    const { out } = context;
    out.line(`${memory.path}  (${memory.id}, ${memory.content_size_bytes} bytes)`);
    out.line(`  written by  ${describeAuthor(memory)} at ${memory.updated_at}`);
    out.line(`  support     ${memory.lucid.support_count} session${memory.lucid.support_count === 1 ? "" : "s"}`);
    for (const source of memory.lucid.provenance) out.line(`  from        ${source.session_id} (${source.event_ids.join(", ")})`);
    if (memory.lucid.superseded_by) out.line(`  superseded by ${memory.lucid.superseded_by}`);
    out.line();
    out.line(memory.content ?? "");
    return 0;
  },
};

const edit: Command = {
  path: ["memory", "edit"],
  args: [STORE_ARG, "<path>"],
  summary: "write a memory (creating it if new): --content, or in $EDITOR",
  flags: { content: { type: "string", value: "<text|@file>", description: "the new content; without it $EDITOR opens the current one" } },
  async run(context, args) {
    const storeId = await resolveStoreId(context, args.positionals[0]!);
    const path = args.positionals[1]!.startsWith("/") ? args.positionals[1]! : `/${args.positionals[1]}`;
    const current = await findMemory(context.anthropic, storeId, path);
    const content = await newContent(context, args.string("content"), current?.content ?? "", path);
    const memories = context.anthropic.beta.memoryStores.memories;
    if (current && content === current.content) {
      if (!context.json) context.out.line(`${path} unchanged.`);
      else context.out.json(current);
      return 0;
    }
    // The precondition makes a concurrent change (a session, a dream) fail this write instead of being overwritten.
    const written = current
      ? await memories.update(current.id, {
          memory_store_id: storeId,
          content,
          precondition: { type: "content_sha256", content_sha256: current.content_sha256 },
        })
      : await memories.create(storeId, { path, content });
    if (context.json) return (context.out.json(written), 0);
    context.out.line(`${current ? "Updated" : "Created"} ${path} in ${storeId}.`);
    return 0;
  },
};

async function newContent(context: CommandContext, flag: string | undefined, current: string, path: string): Promise<string> {
  if (flag !== undefined) return textOrFile(context.io, flag);
  if (!context.io.editText) throw new UsageError("give --content (no editor is available here)");
  return context.io.editText(current, path.split("/").pop() || "memory.md");
}

const exportCommand: Command = {
  path: ["memory", "export"],
  args: [STORE_ARG],
  summary: "the whole store as one Markdown bundle, to stdout or --out",
  flags: { out: { type: "string", value: "<file>", description: "write the bundle to this file" } },
  async run(context, args) {
    const storeId = await resolveStoreId(context, args.positionals[0]!);
    const bundle = await context.lucid.memory.export(storeId);
    const file = args.string("out");
    if (file === undefined) return (context.out.stdout.write(bundle), 0);
    await localFiles(context.io).write(file, bundle);
    if (context.json) context.out.json({ memory_store_id: storeId, file, bytes: bundle.length });
    else context.out.line(`Wrote ${storeId} to ${file}.`);
    return 0;
  },
};

const importCommand: Command = {
  path: ["memory", "import"],
  args: [STORE_ARG, "<file|->"],
  summary: "load a Markdown bundle into a store (merge by default)",
  flags: { mode: { type: "string", value: "merge|replace", description: "replace also deletes memories the bundle lacks" } },
  async run(context, args) {
    const storeId = await resolveStoreId(context, args.positionals[0]!);
    const mode = args.string("mode") ?? "merge";
    if (mode !== "merge" && mode !== "replace") throw new UsageError("--mode is merge or replace");
    const source = args.positionals[1]!;
    const bundle = source === "-" ? await readStdin(context) : await localFiles(context.io).read(source);
    if (bundle === null) throw new UsageError(`no file ${source}`);
    const result = await context.lucid.memory.import(storeId, bundle, { mode });
    if (context.json) return (context.out.json(result), 0);
    context.out.line(
      `Imported into ${storeId}: ${result.created} created, ${result.modified} modified, ${result.deleted} deleted, ${result.unchanged} unchanged.`,
    );
    // Risky memories were written under /quarantine/ for review; say so, or a person would think them active.
    if (result.quarantined > 0)
      context.out.line(`${result.quarantined} quarantined under /quarantine/ for review: they are not loaded until a person moves them out.`);
    return 0;
  },
};

async function readStdin(context: CommandContext): Promise<string> {
  if (!context.io.readStdin) throw new UsageError("standard input is not available here; give a file");
  return context.io.readStdin();
}

export const memoryCommands: Command[] = [list, search, show, edit, exportCommand, importCommand];
