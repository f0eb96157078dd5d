#!/usr/bin/env node
// `lucid`, Lucid's command line: builds cli/main.ts into .cache/lucid-cli.mjs when a source changed, then runs it with
// this process's terminal, environment, files and $EDITOR.
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = join(root, ".cache", "lucid-cli.mjs");
const inputsFile = join(root, ".cache", "lucid-cli.inputs.json");

/** The bundle is stale when it is missing or older than any source file it was built from. */
async function isStale() {
  const built = await stat(bundle).then(
    (info) => info.mtimeMs,
    () => 0,
  );
  if (!built) return true;
  const inputs = await readFile(inputsFile, "utf8").then(JSON.parse, () => null);
  if (!inputs) return true;
  const times = await Promise.all(
    inputs.map((input) =>
      stat(join(root, input)).then(
        (info) => info.mtimeMs,
        () => Infinity,
      ),
    ),
  );
  return times.some((time) => time > built);
}

async function build() {
  const { build: esbuild } = await import("esbuild");
  const result = await esbuild({
    entryPoints: [join(root, "cli", "main.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    packages: "external",
    metafile: true,
    logLevel: "warning",
    absWorkingDir: root,
  });
  await writeFile(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs)));
}

async function listTree(directory, prefix = "") {
  const entries = await readdir(join(directory, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return listTree(directory, path);
      return entry.isFile() ? [path] : [];
    }),
  );
  return nested.flat().sort();
}

const files = {
  read: (path) => readFile(path, "utf8").catch((error) => (error.code === "ENOENT" ? null : Promise.reject(error))),
  write: (path, text) => writeFile(path, text),
  listTree: (directory) => listTree(directory),
};

/** Opens the text in $VISUAL or $EDITOR (vi otherwise) on a temporary file and returns what was saved. */
async function editText(text, fileName) {
  const folder = await mkdtemp(join(tmpdir(), "lucid-edit-"));
  const file = join(folder, fileName);
  try {
    await writeFile(file, text);
    const editor = process.env.VISUAL || process.env.EDITOR || "vi";
    const result = spawnSync(`${editor} "${file}"`, { stdio: "inherit", shell: true });
    if (result.status !== 0) throw new Error(`${editor} exited with status ${result.status}; nothing was saved`);
    return await readFile(file, "utf8");
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

if (await isStale()) await build();
const { runCli } = await import(bundle);
const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
  files,
  editText,
  readStdin,
});
// Open streams (an aborted SSE read, a keep-alive socket) must not hold the process once the command is done.
process.stdout.write("", () => process.exit(code));
