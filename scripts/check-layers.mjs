// `npm run check:layers`: holds src/ to its floors (docs/architecture.md). Reads every runtime import of src/ (type-only
// imports cost nothing at run time and are allowed) and fails on one that runs against the floors:
// - a domain imports src/api/ (the top floor: only src/index.ts imports it);
// - a ground-floor folder imports a domain;
// - src/schemas/ imports anything but other schemas and the platform's errors.
// Imports that broke a rule before the floors were laid are listed in scripts/layering-debt.txt: the check fails on any
// other, and on a listed one that is gone (so the list only shrinks; delete its line).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

/** Folders (and top-level files) of src/ that import no domain. */
const GROUND = new Set(["platform", "transcript", "archive", "schedule", "safety", "model", "storage", "secrets", "schemas", "ids.ts", "sha256.ts", "env.ts"]);
/** The top floor, and the entry point that alone may import it. */
const TOP = "api";
const ENTRY = "index.ts";
/** Separate Workers with their own floors (the Messages API simulator). */
const SEPARATE = new Set(["sim"]);
/** What src/schemas/ may import besides other schemas. */
const SCHEMAS_MAY_IMPORT = new Set(["platform/errors.ts"]);

const root = join(import.meta.dirname, "..");
const src = join(root, "src");
const debtFile = join(import.meta.dirname, "layering-debt.txt");

const sourceFiles = (folder) =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });

/** Runtime imports and re-exports (`import type`, `export type` and `import { type A }` alone are skipped). */
const RUNTIME_IMPORT = /^\s*(?:import|export)\s+(?!type\s)([^;]*?)\s*from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm;

/** `{ type A, type B }` brings nothing at run time either. */
function importsTypesOnly(names) {
  const list = names.trim();
  if (!/^\{[^}]*\}$/.test(list)) return false;
  return list
    .slice(1, -1)
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean)
    .every((name) => name.startsWith("type "));
}

function runtimeImports(file) {
  const text = readFileSync(file, "utf8");
  const found = [];
  for (const match of text.matchAll(RUNTIME_IMPORT)) {
    const names = match[1];
    const specifier = match[2] ?? match[3];
    if (!specifier.startsWith(".")) continue;
    if (names && importsTypesOnly(names)) continue;
    found.push(normalize(join(dirname(file), specifier)));
  }
  return found;
}

/** The first segment of a path under src/: its folder, or the file itself for top-level files. */
const withExtension = (path) => (/\.(tsx?|js|mjs)$/.test(path) ? path : `${path}.ts`);
const placeOf = (path) => relative(src, withExtension(path)).split(/[\\/]/)[0];

function brokenRule(fromFile, toPath) {
  const from = placeOf(fromFile);
  const to = placeOf(toPath);
  if (to === undefined || to.startsWith("..") || from === to || SEPARATE.has(from)) return null;
  if (to === TOP && from !== ENTRY) return "imports the API, the top floor";
  if (from === "schemas") {
    const target = relative(src, withExtension(toPath)).replaceAll("\\", "/");
    return SCHEMAS_MAY_IMPORT.has(target) ? null : "schemas import only schemas and the platform's errors";
  }
  if (GROUND.has(from) && !GROUND.has(to) && to !== TOP) return "a ground floor imports a domain";
  return null;
}

const found = [];
for (const file of sourceFiles(src)) {
  for (const target of runtimeImports(file)) {
    const rule = brokenRule(file, target);
    if (rule) found.push(`${relative(root, file)} -> ${relative(root, withExtension(target))}  (${rule})`.replaceAll("\\", "/"));
  }
}

const debt = new Set(
  readFileSync(debtFile, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#")),
);
const importOf = (line) => line.replace(/\s+\(.*\)$/, "");
const owed = new Set([...debt].map(importOf));
const added = found.filter((line) => !owed.has(importOf(line)));
const foundImports = new Set(found.map(importOf));
const repaid = [...debt].filter((line) => !foundImports.has(importOf(line)));

for (const line of added) console.error(`layering: ${line}`);
for (const line of repaid) console.error(`layering: no longer imported, delete its line from scripts/layering-debt.txt: ${line}`);
if (added.length || repaid.length) {
  console.error(`layering: ${added.length} new import(s) against the floors, ${repaid.length} repaid line(s) to delete (see docs/architecture.md).`);
  process.exit(1);
}
console.log(`layering: ${found.length} import(s) against the floors, all listed in scripts/layering-debt.txt; no new ones.`);
