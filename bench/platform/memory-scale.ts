// Memory at scale: search latency and session-start memory loading on stores of 1k, 10k and 100k memories.
import type Anthropic from "@anthropic-ai/sdk";
import { renderBundle } from "../../src/memory/memory-bundle";
import type { MemorySnapshotEntry } from "../../src/schemas/memory";
import { type BenchAgent, createBenchAgent, overheadPerStep, runLucidSession } from "./lucid-workload";
import type { ModelProxy } from "./model-proxy";

export interface MemoryScaleSamples {
  memories: number;
  seedSeconds: number;
  searchMs: number[];
  /** Platform time of a session's first step with the store attached: it includes loading relevant memories. */
  firstStepOverheadMs: number[];
}

/** Memories per import request: a bundle of about half a megabyte. */
const IMPORT_BATCH = 2_000;
const VOCABULARY = 3_000;

export async function measureMemoryScale(
  client: Anthropic,
  proxy: ModelProxy,
  lucid: { url: string; adminKey: string },
  memories: number,
  runs: number,
): Promise<MemoryScaleSamples> {
  const store = await client.beta.memoryStores.create({ name: `scale ${memories}` });
  const seedStarted = performance.now();
  for (let first = 0; first < memories; first += IMPORT_BATCH) {
    const entries = Array.from({ length: Math.min(IMPORT_BATCH, memories - first) }, (_, i) => syntheticMemory(first + i));
    const response = await fetch(`${lucid.url}/v1/memory_stores/${store.id}/import?mode=merge`, {
      method: "POST",
      headers: { "x-api-key": lucid.adminKey, "content-type": "text/markdown" },
      body: renderBundle(entries),
    });
    if (!response.ok) throw new Error(`import into ${store.id} failed: ${response.status} ${await response.text()}`);
  }
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const searchMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const response = await fetch(
      `${lucid.url}/v1/memory_stores/${store.id}/search?q=${encodeURIComponent(`${word(run * 7)} ${word(run * 13 + 1)}`)}&limit=10`,
      {
        headers: { "x-api-key": lucid.adminKey },
      },
    );
    if (!response.ok) throw new Error(`search failed: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    searchMs.push(performance.now() - started);
  }

  const agent: BenchAgent = await createBenchAgent(client, `scale ${memories}`);
  const resources = [{ type: "memory_store" as const, memory_store_id: store.id, access: "read_only" as const }];
  const firstStepOverheadMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const { turns } = await runLucidSession(client, proxy, agent, run, 1, resources);
    firstStepOverheadMs.push(overheadPerStep(turns[0]!));
  }
  return { memories, seedSeconds: Number(seedSeconds.toFixed(1)), searchMs, firstStepOverheadMs };
}

/**
 * Deterministic notes over a skewed vocabulary (a few words common, most rare), so full-text search meets realistic
 * posting lists; paths spread over folders as an agent's store would.
 */
export function syntheticMemory(index: number): MemorySnapshotEntry {
  const words = Array.from({ length: 24 }, (_, i) => word(Math.floor(VOCABULARY * fraction(index * 31 + i) ** 2)));
  return {
    path: `/customers/c${index % 500}/note-${index}.md`,
    content: `Customer C${index % 500}: ${words.join(" ")}.`,
    author: { type: "person" },
    provenance: [],
    last_confirmed_at: null,
  };
}

/** A pronounceable token per index, distinct for every index below the vocabulary size. */
function word(index: number): string {
  const consonants = "bdfgklmnprstvz";
  const vowels = "aeiou";
  let rest = index % VOCABULARY;
  let text = "";
  for (let i = 0; i < 3; i++) {
    text += consonants[rest % consonants.length]! + vowels[Math.floor(rest / consonants.length) % vowels.length]!;
    rest = Math.floor(rest / (consonants.length * vowels.length));
  }
  return text;
}

/** A fixed pseudo-random number in [0, 1) for a seed (an integer hash), so every run seeds the same store. */
function fraction(seed: number): number {
  let x = (seed ^ 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}
